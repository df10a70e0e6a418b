import type {StatusView} from '../features/guide/onboarding/onboarding.js'
import {html} from './html.js'
import {type Page, type StatusLine, change, csrfField, errorLines, read, statusArea} from './context.js'
import {layout} from './layout.js'

export const ONBOARDING_PATH = 'cloudOnboardingEdit.do'

/** The page's labels: the guide's words. */
export const LABELS = {
  push: 'Enable Push Notifications',
  manageCerts: 'I want Cisco to manage the Cisco Cloud Service CA Certificates required for this trust',
  proxy: 'Enable HTTP(S) Proxy',
  troubleshooting: 'Send Troubleshooting Information to the Cisco Cloud',
  encryptedPii: 'Send encrypted PII to the Cisco Cloud for troubleshooting',
} as const

/** The flags of `onboarding save` for what the operator changed on the page (unchanged boxes keep the state's rules). */
function saveArgs(p: Page, s: StatusView): string[] {
  const box = (name: string) => p.form.get(name) === 'on'
  const args: string[] = []
  const flag = (name: string, flagName: string, current: boolean) => {
    if (box(name) !== current) args.push(`--${flagName}`, box(name) ? 'on' : 'off')
  }
  flag('enablePushNotifications', 'push', s.pushEnabled)
  flag('enableTrustCACertificate', 'manage-certs', s.manageCerts)
  flag('enableTroubleshooting', 'troubleshooting', s.troubleshooting)
  flag('alarmSendEncryptedData', 'encrypted-pii', s.encryptedPii)
  if (box('enableHttpProxy')) {
    const host = (p.form.get('httpProxyAddress') ?? '').trim()
    const port = (p.form.get('httpProxyPort') ?? '').trim()
    const auth = p.form.get('proxyAuthentication') === 'basic' ? 'basic' : 'digest'
    const proxyUrl = host ? `http://${host}${port ? `:${port}` : ''}` : ''
    if (proxyUrl !== (s.proxy?.url ?? '') || auth !== s.proxy?.auth)
      args.push('--proxy', proxyUrl, '--proxy-auth', auth)
  } else if (s.proxy) args.push('--proxy', 'off')
  return args
}

interface SaveDoc {
  status: string
  warnings: string[]
  nextSteps: string[]
}

export async function onboardingPage(p: Page): Promise<string> {
  const lines: StatusLine[] = []
  if (p.method === 'POST') {
    const action = p.form.get('action')
    if (action === 'voucher') {
      const r = await change<{voucher: string}>(p, ['onboarding', 'voucher'])
      lines.push(...(r.ok ? [{kind: 'ok' as const, text: `Voucher generated: ${r.doc.voucher}`}] : errorLines(r.error)))
    } else if (action === 'save') {
      const before = await read<StatusView>(p, ['onboarding', 'status'])
      const r = await change<SaveDoc>(p, ['onboarding', 'save', ...saveArgs(p, before)])
      if (r.ok) {
        lines.push({kind: 'ok', text: 'Save completed successfully.'})
        for (const w of r.doc.warnings) lines.push({kind: 'info', text: `Warning: ${w}`})
      } else lines.push(...errorLines(r.error))
    }
  }
  const s = await read<StatusView>(p, ['onboarding', 'status'])
  lines.push({kind: 'info', text: s.statusMessage})
  for (const n of s.statusNotes) lines.push({kind: 'info', text: n})
  if (/XCP Router|Push Notification Service/.test(s.statusMessage)) {
    lines.push({
      kind: 'info',
      text: html`<a href="/ccmservice/networkServices.do">Control Center - Network Services</a>`,
    })
  }
  const [proxyHost, proxyPort] = splitProxy(s.proxy?.url)
  const check = (id: string, label: string, on: boolean) =>
    html`<p>
      <input type="checkbox" id="${id}" name="${id}" value="on" ${on ? html` checked` : ''} />
      <label for="${id}">${label}</label>
    </p>`
  const body = html`<form method="post" action="${p.app.prefix}${ONBOARDING_PATH}">
    ${csrfField(p)}
    <div class="toolbar"><button type="submit" name="action" value="save">Save</button></div>
    ${statusArea(lines)}
    <h2>Voucher</h2>
    <table class="form">
      <tr>
        <td>Voucher</td>
        <td id="voucher">${s.voucher ?? 'No voucher generated'}</td>
      </tr>
    </table>
    <p><button type="submit" name="action" value="voucher">Generate Voucher</button></p>
    <h2>Cisco Cloud Onboarding</h2>
    ${check('enablePushNotifications', LABELS.push, s.pushEnabled)}
    ${check('enableTrustCACertificate', LABELS.manageCerts, s.manageCerts)}
    <fieldset>
      <legend>HTTP(S) Proxy</legend>
      ${check('enableHttpProxy', LABELS.proxy, s.proxy !== null)}
      <p>
        <label for="httpProxyAddress">Server</label>
        <input type="text" id="httpProxyAddress" name="httpProxyAddress" value="${proxyHost}" />
        <label for="httpProxyPort">Port</label>
        <input type="text" id="httpProxyPort" name="httpProxyPort" inputmode="numeric" value="${proxyPort}" />
      </p>
      <p>
        Authentication:
        <input
          type="radio"
          id="proxyAuthBasic"
          name="proxyAuthentication"
          value="basic"
          ${s.proxy?.auth === 'basic' ? html` checked` : ''}
        />
        <label for="proxyAuthBasic">Basic</label>
        <input
          type="radio"
          id="proxyAuthDigest"
          name="proxyAuthentication"
          value="digest"
          ${s.proxy?.auth !== 'basic' ? html` checked` : ''}
        />
        <label for="proxyAuthDigest">Digest</label>
      </p>
    </fieldset>
    <h2>Troubleshooting</h2>
    ${check('enableTroubleshooting', LABELS.troubleshooting, s.troubleshooting)}
    ${check('alarmSendEncryptedData', LABELS.encryptedPii, s.encryptedPii)}
    <table class="form">
      <tr>
        <td>Customer Cluster ID</td>
        <td id="customerClusterId">${s.customerClusterId ?? ''}</td>
      </tr>
      <tr>
        <td>Cisco Support Token</td>
        <td id="supportToken">${s.supportToken ?? ''}</td>
      </tr>
    </table>
    <div class="toolbar"><button type="submit" name="action" value="save">Save</button></div>
  </form>`
  return layout(p, 'Cisco Cloud Onboarding Configuration', body)
}

function splitProxy(u: string | undefined): [string, string] {
  if (!u) return ['', '']
  try {
    const x = new URL(u)
    return [x.hostname, x.port]
  } catch {
    return [u, '']
  }
}
