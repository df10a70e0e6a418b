import type {IncomingMessage, ServerResponse} from 'node:http'
import type {ServiceListResult} from '../../features/platform/services/handlers/list.js'

import type {DoorContext, DoorRunResult, HttpsApp} from '../app.js'
import {requireBasic} from '../auth.js'
import {notThroughControlCenter} from '../../features/platform/services/names.js'
import {XmlRefused, type XmlNode, el, envelope, esc, list, parseXml, soapOperation, text} from '../xml.js'

/**
 * The Serviceability SOAP services of Control Center (`/controlcenterservice2/services/ControlCenterServices`
 * and `.../ControlCenterServicesEx`): service status, Start/Stop/Restart of the local node's services, Service
 * Activation, the static service list, product information, through the same commands as the admin: CLI
 * (`utils service list|start|stop|restart|activate|deactivate`, `show version active`).
 */

export const AST_NS = 'http://schemas.cisco.com/ast/soap'
export const CONTROL_CENTER = '/controlcenterservice2/services/ControlCenterServices'
export const CONTROL_CENTER_EX = '/controlcenterservice2/services/ControlCenterServicesEx'

class SoapFault extends Error {
  constructor(
    message: string,
    readonly faultcode: 'Client' | 'Server' = 'Client',
  ) {
    super(message)
  }
}

function fault(message: string, faultcode: string): string {
  return envelope(
    `<soapenv:Fault><faultcode>soapenv:${faultcode}</faultcode><faultstring>${esc(message)}</faultstring></soapenv:Fault>`,
  )
}

/** A service of `utils service list --json`. */
type ServiceView = ServiceListResult['services'][number]

const STATUS: Record<string, string> = {
  STARTED: 'Started',
  STOPPED: 'Stopped',
  STARTING: 'Starting',
  STOPPING: 'Stopping',
}

/** Reason codes as Control Center reports them. */
function reason(s: ServiceView): {code: string; text: string} {
  if (!s.activated) return {code: '-1068', text: 'Service Not Activated'}
  if (s.state === 'STARTED') return {code: '-1', text: ' '}
  if (s.reason === 'Commanded Out of Service') return {code: '-1019', text: 'Commanded Out of Service'}
  return {code: '-1000', text: s.reason ?? 'Component is not running'}
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** `Mon Jan  5 09:00:00 2026` (simulated time). */
function ctime(iso: string): string {
  const d = new Date(iso)
  const t = d.toISOString().slice(11, 19)
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${t} ${d.getUTCFullYear()}`
}

const q = (name: string, v: unknown) => el(`ns1:${name}`, v)

function serviceItem(s: ServiceView, at: string): string {
  const r = reason(s)
  const up = s.startedAt ? Math.max(0, Math.floor((Date.parse(at) - Date.parse(s.startedAt)) / 1000)) : -1
  return `<ns1:item>${q('ServiceName', s.name)}${q('ServiceStatus', STATUS[s.state] ?? 'Unknown')}${q('ReasonCode', r.code)}<ns1:ReasonCodeString>${esc(r.text)}</ns1:ReasonCodeString>${q('StartTime', s.startedAt ? ctime(s.startedAt) : '')}${q('UpTime', up)}</ns1:item>`
}

function response(op: string, inner: string): string {
  return envelope(`<ns1:${op}Response xmlns:ns1="${AST_NS}">${inner}</ns1:${op}Response>`)
}

function statusReturn(tag: string, services: ServiceView[], at: string): string {
  return `<ns1:${tag}>${q('ReturnCode', 'Success')}${q('ReasonCode', '-1')}${q('ReasonString', '')}<ns1:ServiceInfoList>${services.map((s) => serviceItem(s, at)).join('')}</ns1:ServiceInfoList></ns1:${tag}>`
}

interface Ctx {
  door: DoorContext
  account: string
}

async function runJson(c: Ctx, argv: string[]): Promise<DoorRunResult> {
  return c.door.run(argv, {json: true, account: c.account})
}

function errorOf(r: DoorRunResult): string {
  const e = (r.doc as {error?: {message?: string; fix?: string | null}} | undefined)?.error
  return e ? `${e.message}${e.fix ? ` ${e.fix}` : ''}` : r.stderr.replace(/^Error: /, '').trim()
}

async function services(c: Ctx): Promise<{services: ServiceView[]; at: string}> {
  const r = await runJson(c, ['utils', 'service', 'list'])
  if (r.code !== 0) throw new SoapFault(errorOf(r), 'Server')
  return r.doc as {services: ServiceView[]; at: string}
}

/** Service names of a request: repeated elements, or one element with `item` children (both shapes are in use). */
function names(node: unknown, tag: string): string[] {
  const out: string[] = []
  for (const v of list(node, tag)) {
    if (v && typeof v === 'object' && 'item' in (v as XmlNode)) for (const i of list(v, 'item')) out.push(text(i) ?? '')
    else out.push(text(v) ?? '')
  }
  return out.map((s) => s.trim())
}

function checkNode(c: Ctx, request: unknown): void {
  const node = text(request, 'NodeName')?.trim()
  if (node && node.toLowerCase() !== c.door.node.toLowerCase()) {
    throw new SoapFault(
      `NodeName ${node} is not this node (${c.door.node}): Control Center acts only on the node it is asked on.`,
    )
  }
}

/**
 * `utils service VERB NAME` as words: the name after `--` (and `--json` before it, where the door would add it after
 * the name), so that it is only ever a name, never a flag (`NAME --node OTHER` would act on another node).
 */
const serviceWords = (verb: string, name: string) => ['utils', 'service', verb, '--json', '--', ...name.split(/\s+/)]

/**
 * `utils service VERB` for each wanted name, then the wanted services as they are afterwards. A refused request changes
 * nothing: the names `refused` says the CLI would refuse run first, so their refusal comes before any service changed.
 */
async function runEach(
  c: Ctx,
  verb: string,
  wanted: string[],
  before: Awaited<ReturnType<typeof services>>,
  refused: (s: (typeof before.services)[number] | undefined) => boolean,
): Promise<{services: typeof before.services; at: typeof before.at}> {
  const find = (list: typeof before.services, n: string) => list.find((x) => x.name.toLowerCase() === n.toLowerCase())
  const first = (n: string) => refused(find(before.services, n))
  for (const n of [...wanted.filter(first), ...wanted.filter((n) => !first(n))]) {
    const r = await runJson(c, serviceWords(verb, n))
    if (r.code !== 0) throw new SoapFault(errorOf(r), r.code === 2 ? 'Client' : 'Server')
  }
  const after = await services(c)
  return {services: wanted.map((n) => find(after.services, n)!).filter(Boolean), at: after.at}
}

type Op = (c: Ctx, body: XmlNode) => Promise<string>

const OPS: Record<string, Op> = {
  async soapGetServiceStatus(c, body) {
    const wanted = names(body, 'ServiceStatus').filter((n) => n !== '')
    const all = await services(c)
    const chosen =
      wanted.length === 0
        ? all.services
        : wanted.map(
            (n) =>
              all.services.find((s) => s.name.toLowerCase() === n.toLowerCase()) ?? {
                name: n,
                state: 'UNKNOWN',
                kind: 'network',
                activated: false,
                reason: null,
                startedAt: null,
              },
          )
    return response('soapGetServiceStatus', statusReturn('soapGetServiceStatusReturn', chosen, all.at))
  },

  async soapDoControlServices(c, body) {
    const request = body.ControlServiceRequest ?? body
    checkNode(c, request)
    const type = (text(request, 'ControlType') ?? '').trim()
    const verb = ({start: 'start', stop: 'stop', restart: 'restart'} as Record<string, string>)[type.toLowerCase()]
    if (!verb) throw new SoapFault(`ControlType must be Start, Stop or Restart, not "${type.slice(0, 40)}".`)
    const wanted = names(request, 'ServiceList').filter((n) => n !== '')
    if (wanted.length === 0) throw new SoapFault('ServiceList names no service.')
    const before = await services(c)
    for (const n of wanted) {
      const s = before.services.find((x) => x.name.toLowerCase() === n.toLowerCase())
      const why = s && notThroughControlCenter(s.name)
      if (why) throw new SoapFault(why)
    }
    // The names the CLI would refuse: unknown here, not activated.
    const chosen = await runEach(c, verb, wanted, before, (s) => !s?.activated)
    return response('soapDoControlServices', statusReturn('soapDoControlServicesReturn', chosen.services, chosen.at))
  },

  async soapDoServiceDeployment(c, body) {
    const request = body.DeploymentServiceRequest ?? body
    checkNode(c, request)
    const type = (text(request, 'DeployType') ?? '').trim().toLowerCase()
    const verb = type === 'deploy' ? 'activate' : type === 'undeploy' ? 'deactivate' : undefined
    if (!verb) throw new SoapFault('DeployType must be Deploy or UnDeploy.')
    const wanted = names(request, 'ServiceList').filter((n) => n !== '')
    if (wanted.length === 0) throw new SoapFault('ServiceList names no service.')
    // The names the CLI refuses: unknown here, network services.
    const chosen = await runEach(c, verb, wanted, await services(c), (s) => s?.kind !== 'feature')
    return response(
      'soapDoServiceDeployment',
      statusReturn('soapDoServiceDeploymentReturn', chosen.services, chosen.at),
    )
  },

  async soapGetStaticServiceList(c) {
    const all = await services(c)
    const items = all.services.map(
      (s) =>
        `<ns1:item>${q('ServiceName', s.name)}${q('ServiceType', 'Service')}${q('Deployable', s.kind === 'feature' ? 'true' : 'false')}${q('GroupName', s.kind === 'feature' ? 'CM Services' : 'Platform Services')}<ns1:DependentServices/></ns1:item>`,
    )
    return response(
      'soapGetStaticServiceList',
      `<ns1:soapGetStaticServiceListReturn><ns1:Services>${items.join('')}</ns1:Services></ns1:soapGetStaticServiceListReturn>`,
    )
  },

  async getStaticServiceListExtended(c) {
    const all = await services(c)
    const items = all.services.map(
      (s) =>
        `<ns1:item>${q('ServiceName', s.name)}${q('ServiceType', 'Service')}${q('Deployable', s.kind === 'feature' ? 'true' : 'false')}${q('GroupName', s.kind === 'feature' ? 'CM Services' : 'Platform Services')}<ns1:DependentServices/>${q('ServiceEnum', s.kind === 'feature' ? 'FeatureService' : 'NetworkService')}${q('Activated', s.activated ? 'true' : 'false')}</ns1:item>`,
    )
    return response(
      'getStaticServiceListExtended',
      `<ns1:getStaticServiceListExtendedReturn><ns1:Services>${items.join('')}</ns1:Services></ns1:getStaticServiceListExtendedReturn>`,
    )
  },

  async getProductInformationList(c) {
    const r = await runJson(c, ['show', 'version', 'active'])
    if (r.code !== 0) throw new SoapFault(errorOf(r), 'Server')
    const v = r.doc as {activeMasterVersion: string}
    const all = await services(c)
    const imp = all.services.some((s) => s.name === 'Cisco XCP Router')
    const product = imp
      ? {name: 'Cisco Unified Presence Server', id: 'CUP', short: 'CUP'}
      : {name: 'Cisco Unified Communications Manager', id: 'CallManager', short: 'CM'}
    // ActiveServerVersion, PrimaryNode, SecondaryNode, Products, Services: the order of the published schema.
    const serviceItems = all.services.map(
      (s) =>
        `<ns1:item>${q('ServiceName', s.name)}${q('ServiceType', 'Service')}${q('Deployable', s.kind === 'feature' ? 'true' : 'false')}${q('GroupName', s.kind === 'feature' ? 'CM Services' : 'Platform Services')}${q('ProductID', product.id)}<ns1:DependentServices/></ns1:item>`,
    )
    const inner = `<ns1:getProductInformationListReturn>${q('ActiveServerVersion', v.activeMasterVersion)}${q('PrimaryNode', c.door.node)}${q('SecondaryNode', '')}<ns1:Products><ns1:item>${q('ProductName', product.name)}${q('ProductVersion', v.activeMasterVersion)}${q('ProductDescription', product.name)}${q('ProductID', product.id)}${q('ShortName', product.short)}</ns1:item></ns1:Products><ns1:Services>${serviceItems.join('')}</ns1:Services></ns1:getProductInformationListReturn>`
    return response('getProductInformationList', inner)
  },
}

/** The operations of ControlCenterServicesEx (the extended interface). */
const EX_OPS = new Set([
  'getStaticServiceListExtended',
  'soapGetServiceStatus',
  'soapDoControlServices',
  'soapDoServiceDeployment',
  'soapGetStaticServiceList',
  'getProductInformationList',
])

export function controlCenterApp(): HttpsApp {
  return {
    name: 'controlcenter',
    prefixes: [CONTROL_CENTER, CONTROL_CENTER_EX],
    async handle(req: IncomingMessage, res: ServerResponse, door: DoorContext): Promise<void> {
      const send = (status: number, xml: string) => {
        res.writeHead(status, {'Content-Type': 'text/xml; charset=utf-8'})
        res.end(xml)
      }
      const account = await requireBasic(req, res, door, 'Cisco Serviceability')
      if (!account) return
      const path = (req.url ?? '').split('?')[0]
      const ex = path.startsWith(CONTROL_CENTER_EX)
      if (req.method !== 'POST') {
        res.writeHead(200, {'Content-Type': 'text/html;charset=utf-8'})
        res.end(
          `<html><body><h2>${ex ? 'ControlCenterServicesEx' : 'ControlCenterServices'}</h2><p>Hi there, this is a Web service!</p></body></html>`,
        )
        return
      }
      try {
        const doc = parseXml((await door.readBody()).toString('utf8'))
        const found = soapOperation(doc)
        if (!found) throw new SoapFault('The request is not a SOAP envelope with an operation in its Body.')
        const op = OPS[found.name]
        if (!op || (found.name === 'getStaticServiceListExtended' && !ex) || (ex && !EX_OPS.has(found.name))) {
          throw new SoapFault(`No such operation '${found.name}'`)
        }
        send(200, await op({door, account}, found.body))
      } catch (error) {
        if (error instanceof SoapFault) {
          send(500, fault(error.message, error.faultcode))
          return
        }
        if (error instanceof XmlRefused) {
          send(500, fault(error.message, 'Client'))
          return
        }
        throw error
      }
    },
  }
}
