import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'
import {
  DEFAULT_ANSWER_AFTER_S,
  DEFAULT_DURATION_S,
  DEFAULT_HANG_UP_AFTER_S,
  MAX_CALL_STEP_S,
} from '../../features/paths/calls/rules.js'

export default class SimCall extends UcCommand {
  static summary =
    'Call a simulated client on the simulated clock: SIP or push, what the device shows, registration, the 5 s and 13 s timers, the second push.'
  static handler = body('calls/calls', 'call')
  static examples = [
    '<%= config.bin %> sim call bob alice',
    '<%= config.bin %> sim call bob alice --answer-after 8',
    '<%= config.bin %> sim call bob alice --no-answer',
    '<%= config.bin %> sim call bob alice --answer-on windows',
  ]
  static args = {
    caller: Args.string({description: 'The calling user (a simulated client)', required: true}),
    callee: Args.string({
      description: 'The called user (its mobile client; its Jabber for desktop rings too)',
      required: true,
    }),
  }
  static flags = {
    ...clusterFlags,
    'answer-after': Flags.integer({
      min: 0,
      max: MAX_CALL_STEP_S,
      default: DEFAULT_ANSWER_AFTER_S,
      description: 'Seconds after the device shows the call until the user answers (or taps the China-region toast).',
    }),
    'no-answer': Flags.boolean({
      exclusive: ['answer-after', 'answer-on'],
      description: 'Nobody answers; the caller hangs up after --hang-up-after seconds.',
    }),
    'answer-on': Flags.string({
      description:
        "Another device sharing the line answers (a user, or the callee's windows|mac), after --answer-after seconds.",
    }),
    'hang-up-after': Flags.integer({
      min: 0,
      max: MAX_CALL_STEP_S,
      default: DEFAULT_HANG_UP_AFTER_S,
      description: 'With --no-answer: seconds until the caller hangs up.',
    }),
    duration: Flags.integer({
      min: 0,
      max: MAX_CALL_STEP_S,
      default: DEFAULT_DURATION_S,
      description: 'Seconds an answered call lasts: the user is in an active call meanwhile.',
    }),
  }
}
