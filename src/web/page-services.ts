import {type Html, html, url} from './html.js'
import {type Page, type StatusLine, change, csrfField, errorLines, read, statusArea} from './context.js'
import {layout} from './layout.js'
import type {ServiceListResult} from '../features/platform/services/handlers/list.js'
import {notThroughControlCenter} from '../features/platform/services/names.js'

interface ClusterDoc {
  nodes: Array<{host: string; role: string; state: string}>
}

/** A service of `utils service list --json`. */
type ServiceDoc = ServiceListResult['services'][number]

const STATE_TEXT: Record<string, string> = {
  STARTED: 'Started',
  STOPPED: 'Stopped',
  STARTING: 'Starting',
  STOPPING: 'Stopping',
  NOTRUNNING: 'Not Running',
}

/** The Server drop-down: the cluster's nodes (every node, or one kind), the chosen one first by default. */
export async function servers(p: Page, which: 'all' | 'cucm' | 'imp' = 'all'): Promise<string[]> {
  const c = await read<ClusterDoc>(p, ['cluster', 'show'])
  const imp = (r: string) => r.startsWith('imp-')
  return c.nodes.filter((n) => which === 'all' || (which === 'imp') === imp(n.role)).map((n) => n.host)
}

export function chosenServer(p: Page, list: string[]): string {
  const asked = p.field('server')
  if (asked && list.includes(asked)) return asked
  return list.includes(p.door.node) ? p.door.node : list[0]
}

function serverChooser(p: Page, action: string, list: string[], server: string, extra: Html | string = ''): Html {
  return html`<form method="get" action="${action}" class="toolbar">
    <label for="SERVER">Server</label>
    <select id="SERVER" name="server">
      ${list.map((h) => html`<option value="${h}" ${h === server ? html` selected` : ''}>${h}</option>`)}</select
    >${extra} <button type="submit">Go</button>
  </form>`
}

async function listing(p: Page, server: string): Promise<{services: ServiceDoc[]; at: string}> {
  return read<{services: ServiceDoc[]; at: string}>(p, ['utils', 'service', 'list', '--node', server])
}

async function nodeServices(p: Page, server: string): Promise<ServiceDoc[]> {
  return (await listing(p, server)).services
}

const pad = (n: number) => String(n).padStart(2, '0')
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Control Center's Start Time (UTC): "Mon Jan 5 09:00:00 2026". */
function startTime(iso: string): string {
  const d = new Date(iso)
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`
}

/** Control Center's Up Time: "0 days 01:15:00". */
function upTime(fromIso: string, nowIso: string): string {
  const s = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 1000))
  return `${Math.floor(s / 86400)} days ${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}

const ACTIONS = {Start: 'start', Stop: 'stop', Restart: 'restart'} as const

/** Control Center - Feature Services or Network Services. */
export async function controlCenterPage(p: Page, kind: 'feature' | 'network'): Promise<string> {
  const path = `${p.app.prefix}${kind === 'feature' ? 'featureServices.do' : 'networkServices.do'}`
  const list = await servers(p)
  const server = chosenServer(p, list)
  const lines: StatusLine[] = []
  let confirm: Html | string = ''
  const action = p.method === 'POST' ? p.form.get('action') : undefined
  const sent = p.form.get('service') ?? ''
  // Only a service of this list: a form value never reaches a command line as anything else.
  const service = (await nodeServices(p, server)).some((s) => s.kind === kind && s.name === sent) ? sent : ''
  if (action && action in ACTIONS) {
    const why = service ? notThroughControlCenter(service) : undefined
    if (!service)
      lines.push({
        kind: 'error',
        text: sent ? `There is no ${kind} service "${sent}" on ${server}.` : 'Select a service first.',
      })
    else if (why) lines.push({kind: 'error', text: why})
    else if (action === 'Restart' && p.form.get('confirm') !== 'yes') {
      confirm = html`<div role="alertdialog" aria-labelledby="confirm-text" class="toolbar">
        <p id="confirm-text">Restarting ${service} may take a while. Are you sure you want to continue?</p>
        <form method="post" action="${url(path, {server})}">
          ${csrfField(p)}<input type="hidden" name="service" value="${service}" /><input
            type="hidden"
            name="action"
            value="Restart"
          />
          <button type="submit" name="confirm" value="yes">OK</button>
          <button type="submit" name="confirm" value="no">Cancel</button>
        </form>
      </div>`
    } else if (!(action === 'Restart' && p.form.get('confirm') === 'no')) {
      const verb = ACTIONS[action as keyof typeof ACTIONS]
      const r = await change(p, ['utils', 'service', verb, ...service.split(' '), '--node', server])
      lines.push(
        ...(r.ok
          ? [{kind: 'ok' as const, text: `${service} Service ${action} Operation was Successful`}]
          : errorLines(r.error)),
      )
    }
  }
  const {services, at} = await listing(p, server)
  const shown = services.filter((s) => s.kind === kind)
  const rows = shown.map((s, i) => {
    const id = `service-${i}`
    const status = s.activated ? (STATE_TEXT[s.state] ?? s.state) : 'Not Activated'
    return html`<tr>
      <td>
        <input type="radio" name="service" id="${id}" value="${s.name}" ${s.name === service ? html` checked` : ''} />
      </td>
      <td><label for="${id}">${s.name}</label></td>
      <td>${status}</td>
      <td>${s.startedAt ? startTime(s.startedAt) : ''}</td>
      <td>${s.startedAt ? upTime(s.startedAt, at) : ''}</td>
    </tr>`
  })
  const title = kind === 'feature' ? 'Control Center - Feature Services' : 'Control Center - Network Services'
  const body = html`${serverChooser(p, path, list, server)}${confirm}
    <form method="post" action="${url(path, {server})}">
      ${csrfField(p)}
      <div class="toolbar">
        <button type="submit" name="action" value="Start">Start</button
        ><button type="submit" name="action" value="Stop">Stop</button
        ><button type="submit" name="action" value="Restart">Restart</button
        ><button type="submit" name="action" value="Refresh">Refresh</button>
      </div>
      ${statusArea(lines)}
      <h2>${kind === 'feature' ? 'Feature Services' : 'Network Services'} on ${server}</h2>
      <table class="list">
        <thead>
          <tr>
            <th></th>
            <th>Service Name</th>
            <th>Status</th>
            <th>Start Time</th>
            <th>Up Time</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </form>`
  return layout(p, title, body)
}

/** Service Activation: a check box per feature service of the chosen server, Save. */
export async function serviceActivationPage(p: Page): Promise<string> {
  const path = `${p.app.prefix}serviceActivation.do`
  const list = await servers(p)
  const server = chosenServer(p, list)
  const lines: StatusLine[] = []
  if (p.method === 'POST' && p.form.get('action') === 'Save') {
    const wanted = new Set(p.form.getAll('activate'))
    const before = (await nodeServices(p, server)).filter((s) => s.kind === 'feature')
    for (const s of before) {
      if (wanted.has(s.name) === s.activated) continue
      const r = await change(p, [
        'utils',
        'service',
        wanted.has(s.name) ? 'activate' : 'deactivate',
        ...s.name.split(' '),
        '--node',
        server,
      ])
      if (r.ok) lines.push({kind: 'ok', text: `${s.name} ${wanted.has(s.name) ? 'activated' : 'deactivated'}.`})
      else lines.push(...errorLines(r.error))
    }
    if (!lines.length) lines.push({kind: 'info', text: 'No changes.'})
  }
  const services = (await nodeServices(p, server)).filter((s) => s.kind === 'feature')
  const rows = services.map((s, i) => {
    const id = `activate-${i}`
    return html`<tr>
      <td>
        <input type="checkbox" name="activate" id="${id}" value="${s.name}" ${s.activated ? html` checked` : ''} />
      </td>
      <td><label for="${id}">${s.name}</label></td>
      <td>${s.activated ? 'Activated' : 'Deactivated'}</td>
    </tr>`
  })
  const body = html`${serverChooser(p, path, list, server)}
    <form method="post" action="${url(path, {server})}">
      ${csrfField(p)}
      <div class="toolbar"><button type="submit" name="action" value="Save">Save</button></div>
      ${statusArea(lines)}
      <h2>Feature Services on ${server}</h2>
      <table class="list">
        <thead>
          <tr>
            <th></th>
            <th>Service Name</th>
            <th>Activation Status</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </form>`
  return layout(p, 'Service Activation', body)
}
