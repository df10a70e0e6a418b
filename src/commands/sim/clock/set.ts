import {Args, Flags} from '@oclif/core'
import {UcCommand} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClockSet extends UcCommand {
  static description =
    'Periodic work (token fetches every 10 minutes, scheduled alarm uploads) that has the same outcome each time is computed in closed form, so long moves are fast: a year takes well under a second. A move that would run more than 50,000 events one by one is refused (nothing changes). The clock cannot go past year 9999. On a terminal a progress line is shown on stderr.'
  static summary = 'Set the simulated clock to a later time, running what falls due on the way.'
  static handler = body('clock/clock', 'clockSet')
  static args = {
    time: Args.string({description: 'ISO 8601 time with a zone, e.g. 2026-03-01T09:00:00Z', required: true}),
  }
  static flags = {
    summary: Flags.boolean({
      description:
        'Print counts per event kind instead of the events (the default when they do not fit on a screen; with --json, leave out the list).',
    }),
    events: Flags.boolean({
      description: 'List the events that ran even when there are many (with --json: every event, up to 200,000).',
    }),
  }
}
