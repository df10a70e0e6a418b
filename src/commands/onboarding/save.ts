import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingSave extends UcCommand {
  static summary = 'Set the check boxes of the Cisco Cloud Onboarding page and click Save.'
  static handler = body('onboarding/onboarding', 'save')
  static examples = [
    '<%= config.bin %> onboarding save --push on --manage-certs on',
    '<%= config.bin %> onboarding save --troubleshooting on --encrypted-pii on',
  ]
  static flags = {
    ...clusterFlags,
    push: Flags.string({description: 'Enable Push Notifications.', options: ['on', 'off']}),
    'manage-certs': Flags.string({
      description: 'I want Cisco to manage the Cisco Cloud Service CA Certificates required for this trust.',
      options: ['on', 'off'],
    }),
    troubleshooting: Flags.string({
      description: 'Send Troubleshooting information to the Cisco Cloud (on by default once push is enabled).',
      options: ['on', 'off'],
    }),
    'encrypted-pii': Flags.string({
      description: 'Send encrypted PII to the Cisco Cloud for troubleshooting.',
      options: ['on', 'off'],
    }),
    proxy: Flags.string({
      description: 'Enable HTTP(S) Proxy: http://HOST:PORT or https://HOST:PORT; "off" removes it.',
    }),
    'proxy-auth': Flags.string({
      description: 'Proxy authentication (digest is recommended).',
      options: ['basic', 'digest'],
    }),
  }
}
