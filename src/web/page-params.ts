import type {ParamView} from '../features/guide/onboarding/parameters.js'
import {serviceCatalogue} from '../features/platform/services/services.js'
import {type Html, html, url} from './html.js'
import {type Page, type StatusLine, change, csrfField, errorLines, read, statusArea} from './context.js'
import {layout} from './layout.js'
import {chosenServer, servers} from './page-services.js'

/** serviceParamEdit.do's service index of Enterprise Wide (as on a real node; not in the Service chooser). */
export const ENTERPRISE_WIDE = 11

/** A service's index on serviceParamEdit.do: its place in the catalogue, 11 left to Enterprise Wide. */
export function serviceIndex(name: string): number | undefined {
  const i = serviceCatalogue().findIndex((s) => s.name === name)
  if (i < 0) return undefined
  return i + 1 >= ENTERPRISE_WIDE ? i + 2 : i + 1
}

interface ParamsDoc {
  parameters: ParamView[]
}

type Scope = 'enterprise' | 'service' | 'messaging'

/** One row per parameter, as the real pages: the label as a help link, the input whose id is the programmatic name, the default. */
function rows(params: ParamView[]): Html {
  return html`<table class="form">
    ${params.map((v, i) => {
      const id = v.programmaticId ?? v.id
      const choices = v.allowed.includes(' | ') ? v.allowed.split(' | ') : undefined
      const input = choices
        ? html`<select id="${id}" name="${id}">
            ${choices.map((c) => html`<option value="${c}" ${c === v.value ? html` selected` : ''}>${c}</option>`)}
          </select>`
        : html`<input type="text" id="${id}" name="${id}" value="${v.value}" />`
      return html`<tr class="content-form-stripe-${i % 2 ? 'even' : 'odd'}">
        <td>
          <label for="${id}"><a href="#help-${id}">${v.name}</a></label>
        </td>
        <td>${input}</td>
        <td>${v.default}</td>
      </tr>`
    })}
  </table>`
}

function help(params: ParamView[]): Html {
  if (!params.length) return html``
  return html`<h2>Parameter help</h2>
    <dl>
      ${params.map(
        (v) =>
          html`<dt id="help-${v.programmaticId ?? v.id}">${v.name}</dt>
            <dd>Allowed: ${v.allowed}. Default: ${v.default}.</dd>`,
      )}
    </dl>`
}

/** Saves the rows whose value the operator changed, one `param ... set` each, and reports each in the Status area. */
async function saveRows(p: Page, scope: Scope, params: ParamView[]): Promise<StatusLine[]> {
  const lines: StatusLine[] = []
  for (const v of params) {
    const sent = p.form.get(v.programmaticId ?? v.id)
    if (sent === null || sent === v.value) continue
    if (sent.startsWith('-')) {
      // A value is a value: never a flag of the command line it goes into.
      lines.push(
        {kind: 'error', text: `${v.name}: "${sent}" is not a valid value.`},
        {kind: 'info', text: `Allowed: ${v.allowed}.`},
      )
      continue
    }
    const argv =
      scope === 'service' ? ['param', 'service', 'set', v.service!, v.id, sent] : ['param', scope, 'set', v.id, sent]
    const r = await change<{restartRequired: string | null}>(p, argv)
    if (!r.ok) {
      lines.push(...errorLines(r.error))
      continue
    }
    lines.push({kind: 'ok', text: `${v.name}: ${v.value} -> ${sent}`})
    if (r.doc.restartRequired) lines.push({kind: 'info', text: r.doc.restartRequired})
  }
  const failed = lines.some((l) => l.kind === 'error')
  lines.unshift({
    kind: failed ? 'error' : 'ok',
    text: failed ? 'Some changes were not saved.' : lines.length ? 'Update completed.' : 'No changes.',
  })
  return lines
}

/** The processnode pkid of each host (lower case, no braces: the server= of serviceParamEdit.do). */
async function nodeIds(p: Page): Promise<Map<string, string>> {
  const r = await change<{rows: Array<{pkid: string; name: string}>}>(p, [
    'run',
    'sql',
    'select pkid, name from processnode',
  ])
  return new Map(r.ok ? r.doc.rows.map((x) => [x.name, x.pkid.toLowerCase()]) : [])
}

/** System > Service Parameters (serviceParamEdit.do): Server and Service choosers, a row per parameter, Save. */
export async function serviceParamPage(p: Page, which: 'cucm' | 'imp'): Promise<string> {
  const path = `${p.app.prefix}serviceParamEdit.do`
  const hosts = await servers(p, which)
  const ids = await nodeIds(p)
  const byId = new Map([...ids].map(([h, u]) => [u, h]))
  const asked = p.field('server')
  const server =
    asked && byId.has(asked.toLowerCase().replace(/[{}]/g, ''))
      ? byId.get(asked.toLowerCase().replace(/[{}]/g, ''))!
      : chosenServer(p, hosts)
  const serverValue = (h: string) => ids.get(h) ?? h
  const index = Number(p.field('service') ?? '-1')
  const services = (
    await read<{services: Array<{name: string; activated: boolean}>}>(p, ['utils', 'service', 'list', '--node', server])
  ).services
  const options = services
    .map((s) => ({
      value: serviceIndex(s.name),
      name: s.name,
      text: `${s.name} (${s.activated ? 'Active' : 'Inactive'})`,
    }))
    .filter((o) => o.value !== undefined)
  const enterprise = which === 'cucm' && index === ENTERPRISE_WIDE
  const chosen = options.find((o) => o.value === index)
  let params: ParamView[] = []
  if (enterprise) params = (await read<ParamsDoc>(p, ['param', 'enterprise', 'list'])).parameters
  else if (chosen)
    params = (await read<ParamsDoc>(p, ['param', 'service', 'list'])).parameters.filter(
      (v) => v.service === chosen.name,
    )
  let lines: StatusLine[] = []
  if (p.method === 'POST' && p.form.get('action') === 'Save' && (enterprise || chosen)) {
    lines = await saveRows(p, enterprise ? 'enterprise' : 'service', params)
    if (enterprise) params = (await read<ParamsDoc>(p, ['param', 'enterprise', 'list'])).parameters
    else
      params = (await read<ParamsDoc>(p, ['param', 'service', 'list'])).parameters.filter(
        (v) => v.service === chosen!.name,
      )
  }
  const heading = enterprise ? 'Enterprise Wide' : chosen ? chosen.text : ''
  const query = {server: serverValue(server), service: String(index)}
  const body = html`<form method="get" action="${path}" class="toolbar">
      <label for="SERVER">Server</label>
      <select id="SERVER" name="server">
        ${hosts.map(
          (h) => html`<option value="${serverValue(h)}" ${h === server ? html` selected` : ''}>${h}</option>`,
        )}
      </select>
      <label for="SERVICE">Service</label>
      <select id="SERVICE" name="service">
        <option value="-1">--Not Selected--</option>
        ${options.map(
          (o) => html`<option value="${o.value!}" ${o.value === index ? html` selected` : ''}>${o.text}</option>`,
        )}
      </select>
      <button type="submit">Go</button>
    </form>
    <form method="post" action="${url(path, query)}">
      ${csrfField(p)}
      <div class="toolbar"><button type="submit" name="action" value="Save">Save</button></div>
      ${statusArea(lines)} ${heading ? html`<h2>${heading} Parameters on ${server}</h2>` : ''}
      ${heading && !params.length ? html`<p>There are no parameters ucadmin models for this service.</p>` : ''}
      ${rows(params)}
      ${params.length ? html`<div class="toolbar"><button type="submit" name="action" value="Save">Save</button></div>` : ''}
    </form>
    ${help(params)}`
  return layout(p, 'Service Parameter Configuration', body)
}

/** System > Enterprise Parameters (enterpriseParamEdit.do): the SSO and OAuth section. */
export async function enterpriseParamPage(p: Page): Promise<string> {
  return paramsPage(
    p,
    'enterprise',
    'enterpriseParamEdit.do',
    'Enterprise Parameters Configuration',
    'SSO and OAuth Configuration',
  )
}

/** IM and Presence Messaging > Settings: instant messaging, Multiple Device Messaging, Stream Management. */
export async function messagingPage(p: Page): Promise<string> {
  return paramsPage(p, 'messaging', 'messagingSettings.do', 'Messaging Settings Configuration', 'Messaging Settings')
}

async function paramsPage(
  p: Page,
  scope: 'enterprise' | 'messaging',
  file: string,
  title: string,
  section: string,
): Promise<string> {
  const list = async () => (await read<ParamsDoc>(p, ['param', scope, 'list'])).parameters
  let params = await list()
  let lines: StatusLine[] = []
  if (p.method === 'POST' && p.form.get('action') === 'Save') {
    lines = await saveRows(p, scope, params)
    params = await list()
  }
  const body = html`<form method="post" action="${p.app.prefix}${file}">
      ${csrfField(p)}
      <div class="toolbar"><button type="submit" name="action" value="Save">Save</button></div>
      ${statusArea(lines)}
      <h2>${section}</h2>
      ${rows(params)}
      <div class="toolbar"><button type="submit" name="action" value="Save">Save</button></div>
    </form>
    ${help(params)}`
  return layout(p, title, body)
}
