import type {IncomingMessage, ServerResponse} from 'node:http'
import type {StatusView} from '../../features/guide/onboarding/onboarding.js'

import {loadCatalog} from '../../core/catalog.js'
import type {ParamDef} from '../../features/guide/onboarding/parameters.js'
import {parseRelease} from '../../features/world/cluster/releases.js'
import type {DoorContext, DoorRunResult, HttpsApp} from '../app.js'
import {requireBasic} from '../auth.js'
import {XmlRefused, type XmlNode, el, escAttr, parseXml, soapOperation, text} from '../xml.js'
import {AxlFault, axlResponse, faultXml} from './soap.js'

/**
 * AXL (`/axl/`): the operations the Push Notifications procedures need, on the node's state through the same
 * commands as the admin: CLI (run sql, param, onboarding, show version). The version comes from SOAPAction
 * (`"CUCM:DB ver=14.0 getCCMVersion"`) or the body's namespace (`http://www.cisco.com/AXL/API/14.0`).
 */

/** AXL schema versions, oldest first (as in Cisco's WSDL folders). */
export const AXL_VERSIONS = ['10.0', '10.5', '11.0', '11.5', '12.0', '12.5', '14.0', '15.0']

/** Past this many characters of rows, executeSQLQuery fails with "Query request too large" (about 8 MB, as real nodes). */
export const MAX_QUERY_RESULT = 8 * 1024 * 1024

/** Writes (executeSQLUpdate, update*) per node within WRITE_WINDOW_MS before HTTP 503 (real time). */
export const DEFAULT_WRITES_PER_MINUTE = 1500
export const WRITE_WINDOW_MS = 60_000

interface Call {
  door: DoorContext
  account: string
  version: string
  op: string
  body: XmlNode
}

interface Operation {
  /** The first AXL version that has it. */
  since?: string
  /** Only Unified CM nodes have it (their administration has the page); IM and Presence nodes answer Axis2's EPR fault. */
  unifiedCmOnly?: boolean
  write?: boolean
  run(c: Call): Promise<string>
}

const numeric = (v: string) => v.split('.').map(Number)
const versionAtLeast = (v: string, min: string) => {
  const [a, b] = numeric(v)
  const [c, d] = numeric(min)
  return a > c || (a === c && b >= d)
}

/**
 * A command's failure as an AXL fault: Informix's codes for the SQL errors real nodes give, `badInput` for the other
 * refusals of bad input (exit 2) where the operation has one (5003, a bad value), else 5000.
 */
function commandFault(r: DoorRunResult, fallback = 'The request failed.', badInput = 5000): AxlFault {
  const e = (r.doc as {error?: {code?: string; message?: string; fix?: string | null}} | undefined)?.error
  const message = e?.message ?? (r.stderr.replace(/^Error: /, '').trim() || fallback)
  const code = e?.code ?? ''
  const informix: Record<string, number> = {SQL_SYNTAX: -201, SQL_UNKNOWN_TABLE: -206, SQL_UNKNOWN_COLUMN: -217}
  return new AxlFault(message, informix[code] ?? (r.code === 2 ? badInput : 5000), r.code === 2 ? 'Client' : 'Server')
}

async function runOk(c: Call, argv: string[], badInput?: number): Promise<unknown> {
  const r = await c.door.run(argv, {json: true, account: c.account})
  if (r.code !== 0) throw commandFault(r, undefined, badInput)
  return r.doc
}

/** A result column's element name: `count(*)` is `count`, other expressions `expression`, as Informix names them. */
function columnElement(name: string): string {
  const fn = /^([A-Za-z_][\w]*)\s*\(/.exec(name)
  if (fn) return fn[1].toLowerCase()
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : 'expression'
}

const firstWord = (sql: string) =>
  /^\s*(\w+)/.exec(sql.replace(/^\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)*/g, ''))?.[1]?.toLowerCase() ?? ''

async function sqlRows(c: Call, sql: string): Promise<{columns: string[]; rows: Array<Record<string, unknown>>}> {
  return (await runOk(c, ['run', 'sql', '--json', '--', sql])) as {
    columns: string[]
    rows: Array<Record<string, unknown>>
  }
}

const executeSQLQuery: Operation = {
  async run(c) {
    const sql = text(c.body, 'sql') ?? ''
    if (['insert', 'update', 'delete'].includes(firstWord(sql))) {
      throw new AxlFault(
        'executeSQLQuery runs select statements only; use executeSQLUpdate for insert, update and delete.',
        -201,
      )
    }
    const doc = await sqlRows(c, sql)
    const names = doc.columns.map(columnElement)
    const parts: string[] = []
    let size = 0
    for (const row of doc.rows) {
      const cells = doc.columns.map((col, i) => el(names[i], row[col])).join('')
      const xml = `<row>${cells}</row>`
      size += xml.length
      parts.push(xml)
    }
    if (size > MAX_QUERY_RESULT) {
      const n = doc.rows.length
      const m = Math.max(1, Math.floor((n * MAX_QUERY_RESULT) / size))
      throw new AxlFault(
        `Query request too large. Total rows matched: ${n} rows. Suggestive Row Fetch: less than ${m} rows`,
        -1,
        'Client',
      )
    }
    return `<return>${parts.join('')}</return>`
  },
}

const executeSQLUpdate: Operation = {
  write: true,
  async run(c) {
    const sql = text(c.body, 'sql') ?? ''
    if (firstWord(sql) === 'select') {
      throw new AxlFault(
        'executeSQLUpdate runs insert, update and delete statements only; use executeSQLQuery for select.',
        -201,
      )
    }
    const doc = (await runOk(c, ['run', 'sql', '--json', '--', sql])) as {rowCount: number}
    return `<return><rowsUpdated>${doc.rowCount}</rowsUpdated></return>`
  },
}

const getCCMVersion: Operation = {
  async run(c) {
    const doc = (await runOk(c, ['show', 'version', 'active'])) as {activeMasterVersion: string}
    return `<return><componentVersion>${el('version', doc.activeMasterVersion)}</componentVersion></return>`
  },
}

const NODE_USAGE: Record<string, string> = {'0': 'Publisher', '1': 'Subscriber'}
const NODE_ROLE: Record<string, string> = {'1': 'CUCM Voice/Video', '2': 'CUCM IM and Presence'}

const braced = (uuid: unknown) => escAttr(`{${String(uuid ?? '').toUpperCase()}}`)

/** A searchCriteria value (SQL LIKE-style `%` wildcards, as AXL takes them) as a test. */
function matcher(pattern: string | undefined): (v: string) => boolean {
  if (pattern === undefined || pattern === '') return () => true
  const re = new RegExp(
    `^${pattern
      .split('%')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  )
  return (v) => re.test(v)
}

const listProcessNode: Operation = {
  async run(c) {
    const criteria = (c.body.searchCriteria ?? {}) as XmlNode
    const byName = matcher(text(criteria, 'name'))
    const doc = await sqlRows(
      c,
      'select pkid, name, description, mac, ipv6name, tknodeusage, fklbmhubgroup, tkprocessnoderole from processnode',
    )
    const nodes = doc.rows.filter((r) => byName(String(r.name)))
    const xml = nodes
      .map(
        (r) =>
          `<processNode uuid="${braced(r.pkid)}">${el('name', r.name)}${el('description', r.description)}${el('mac', r.mac)}${el('ipv6Name', r.ipv6name)}${el('nodeUsage', NODE_USAGE[String(r.tknodeusage)] ?? 'Subscriber')}${el('lbmHubGroup', r.fklbmhubgroup)}${el('processNodeRole', NODE_ROLE[String(r.tkprocessnoderole)] ?? 'CUCM Voice/Video')}</processNode>`,
      )
      .join('')
    return `<return>${xml}</return>`
  },
}

/* ---------- Service parameters ---------- */

export const ENTERPRISE_NODE = 'EnterpriseWideData'
export const ENTERPRISE_SERVICE = 'Enterprise Wide'

interface ParamRow {
  id: string
  scope: string
  service: string | null
  value: string
}

const paramDefs = () =>
  loadCatalog<{parameters: ParamDef[]}>('parameters').parameters.filter(
    (p) => p.programmaticId && (p.scope === 'enterprise' || p.scope === 'service'),
  )
const storedOf = (p: ParamDef, label: string) => p.stored?.[label] ?? label
const labelOf = (p: ParamDef, stored: string) =>
  Object.entries(p.stored ?? {}).find(([, v]) => v.toLowerCase() === stored.toLowerCase())?.[0] ?? stored
const valueType = (p: ParamDef) => (p.stored ? 'boolean' : p.type === 'int' ? 'long' : 'string')

/** The parameters this node's AXL answers for: enterprise ones on Unified CM, service ones of the node's own services. */
async function nodeParams(c: Call): Promise<Array<{def: ParamDef; row: ParamRow; node: string}>> {
  const out: Array<{def: ParamDef; row: ParamRow; node: string}> = []
  const services = (await runOk(c, ['utils', 'service', 'list'])) as {services: Array<{name: string}>}
  const here = new Set(services.services.map((s) => s.name))
  const defs = paramDefs()
  if (here.has('Cisco CallManager Admin')) {
    const doc = (await runOk(c, ['param', 'enterprise', 'list'])) as {parameters: ParamRow[]}
    for (const row of doc.parameters) {
      const def = defs.find((d) => d.id === row.id)
      if (def) out.push({def, row, node: ENTERPRISE_NODE})
    }
  }
  for (const svc of new Set(
    defs.filter((d) => d.scope === 'service' && d.service && here.has(d.service)).map((d) => d.service!),
  )) {
    const doc = (await runOk(c, ['param', 'service', 'list', svc])) as {parameters: ParamRow[]}
    for (const row of doc.parameters) {
      const def = defs.find((d) => d.id === row.id)
      if (def) out.push({def, row, node: c.door.node})
    }
  }
  return out
}

function paramXml(p: {def: ParamDef; row: ParamRow; node: string}, uuidOf: (s: string) => string): string {
  const service = p.def.scope === 'enterprise' ? ENTERPRISE_SERVICE : p.def.service!
  return `<serviceParameter uuid="${uuidOf(`${p.node}/${service}/${p.def.programmaticId}`)}">${el('processNodeName', p.node)}${el('name', p.def.programmaticId)}${el('service', service)}${el('value', storedOf(p.def, p.row.value))}${el('valueType', valueType(p.def))}</serviceParameter>`
}

/** A stable uuid for a parameter row (AXL returns one; nothing reads it back). */
function stableUuid(s: string): string {
  let h = 0x811c9dc5
  const hex: string[] = []
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${s}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
    hex.push(h.toString(16).padStart(8, '0'))
  }
  const x = hex.join('').toUpperCase()
  return `{${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}}`
}

function findParam(
  all: Array<{def: ParamDef; row: ParamRow; node: string}>,
  c: Call,
): {def: ParamDef; row: ParamRow; node: string} {
  const node = text(c.body, 'processNodeName') ?? ''
  const name = text(c.body, 'name') ?? ''
  const service = text(c.body, 'service') ?? ''
  const hit = all.find(
    (p) =>
      p.node.toLowerCase() === node.toLowerCase() &&
      p.def.programmaticId!.toLowerCase() === name.toLowerCase() &&
      (p.def.scope === 'enterprise' ? ENTERPRISE_SERVICE : p.def.service!).toLowerCase() === service.toLowerCase(),
  )
  if (!hit)
    throw new AxlFault(
      `Item not valid: The specified ServiceParameter was not found (processNodeName ${node}, name ${name}, service ${service})`,
      5007,
    )
  return hit
}

const getServiceParameter: Operation = {
  async run(c) {
    const p = findParam(await nodeParams(c), c)
    return `<return>${paramXml(p, stableUuid)}</return>`
  },
}

const listServiceParameter: Operation = {
  async run(c) {
    const criteria = (c.body.searchCriteria ?? {}) as XmlNode
    const node = matcher(text(criteria, 'processNodeName'))
    const name = matcher(text(criteria, 'name'))
    const service = matcher(text(criteria, 'service'))
    const all = (await nodeParams(c)).filter(
      (p) =>
        node(p.node) &&
        name(p.def.programmaticId!) &&
        service(p.def.scope === 'enterprise' ? ENTERPRISE_SERVICE : p.def.service!),
    )
    return `<return>${all.map((p) => paramXml(p, stableUuid)).join('')}</return>`
  },
}

const updateServiceParameter: Operation = {
  write: true,
  async run(c) {
    const p = findParam(await nodeParams(c), c)
    const value = text(c.body, 'value')
    if (value === undefined) throw new AxlFault('value is required', 5003)
    const label = labelOf(p.def, value)
    // After `--` (and `--json` before it): the value is only ever a value, never a flag of the command line.
    const argv =
      p.def.scope === 'enterprise'
        ? ['param', 'enterprise', 'set', '--json', '--', p.def.id, label]
        : ['param', 'service', 'set', '--json', '--', p.def.service!, p.def.id, label]
    // A value the parameter refuses (range, choices) is AXL's bad value, 5003.
    await runOk(c, argv, 5003)
    return `<return>${stableUuid(`${p.node}/${p.def.scope === 'enterprise' ? ENTERPRISE_SERVICE : p.def.service}/${p.def.programmaticId}`)}</return>`
  },
}

/* ---------- Cisco Cloud Onboarding (AXL 12.5 and later) ---------- */

/** `onboarding status --json`: what the page and listCiscoCloudOnboarding show. */
type OnboardingView = StatusView

const COMPLETED = 'Cloud Onboarding Completed'
const tf = (b: boolean) => (b ? 'true' : 'false')

function registrationStatus(v: OnboardingView): string {
  if (v.status === COMPLETED) return 'Onboarding completed'
  if (!v.voucher) return 'Voucher Details unavailable'
  return 'Onboarding pending'
}

const listCiscoCloudOnboarding: Operation = {
  since: '12.5',
  unifiedCmOnly: true,
  async run(c) {
    const v = (await runOk(c, ['onboarding', 'status'])) as OnboardingView
    // The page's Status area (its message, then its notes), then the pending restarts.
    const lines = [
      v.statusMessage,
      ...v.statusNotes,
      ...v.pendingRestarts.map((r) => `Restart ${r.service} on ${r.node}: ${r.reason}`),
    ]
    // Elements in the schema's order (LCiscoCloudOnboarding); the proxy password is never returned.
    const inner =
      `<ciscoCloudOnboarding uuid="${stableUuid(`onboarding/${c.door.cluster}`)}">` +
      el('voucherExists', tf(Boolean(v.voucher))) +
      el('enablePushNotifications', tf(v.pushEnabled)) +
      el('enableHttpProxy', tf(Boolean(v.proxy))) +
      el('httpProxyAddress', v.proxy?.url) +
      el('proxyUsername', '') +
      el('enableTrustCACertificate', tf(v.manageCerts)) +
      el('enableTroubleshooting', tf(v.troubleshooting)) +
      el('alarmSendEncryptedData', tf(v.encryptedPii)) +
      el('orgId', '') +
      el('alarmPushIntervalSecs', '') +
      el('alarmEncryptKey', '') +
      el('serviceAddress', '') +
      el('onboardingRegistrationStatus', registrationStatus(v)) +
      el('orgName', '') +
      el('alarmSeverity', '') +
      el('alarmPushNowToggle', '') +
      el('enableGDSCommunication', 'false') +
      el('mraActivationDomain', '') +
      `<errorStatus>${lines.map((l) => el('status', l)).join('')}</errorStatus>` +
      `</ciscoCloudOnboarding>`
    return `<return>${inner}</return>`
  },
}

const BOOLEAN = /^(true|false|t|f|1|0)$/i
function bool(c: Call, name: string): boolean | undefined {
  const v = text(c.body, name)
  if (v === undefined || v === '') return undefined
  if (!BOOLEAN.test(v)) throw new AxlFault(`Item not valid: ${name} must be true or false, not ${v.slice(0, 40)}`, 5003)
  return /^(true|t|1)$/i.test(v)
}

const onOff = (b: boolean) => (b ? 'on' : 'off')

const updateCiscoCloudOnboarding: Operation = {
  since: '12.5',
  unifiedCmOnly: true,
  write: true,
  async run(c) {
    const voucher = bool(c, 'voucherExists')
    const push = bool(c, 'enablePushNotifications')
    const certs = bool(c, 'enableTrustCACertificate')
    const proxyOn = bool(c, 'enableHttpProxy')
    const trouble = bool(c, 'enableTroubleshooting')
    const pii = bool(c, 'alarmSendEncryptedData')
    // The page's Server and Port make http://HOST:PORT; an address without a scheme is taken the same way.
    const sentProxy = text(c.body, 'httpProxyAddress')?.trim()
    const proxyAddress = sentProxy && !/^[a-z][a-z0-9+.-]*:\/\//i.test(sentProxy) ? `http://${sentProxy}` : sentProxy
    if (voucher) await runOk(c, ['onboarding', 'voucher'])
    const flags: string[] = []
    if (push !== undefined) flags.push('--push', onOff(push))
    if (certs !== undefined) flags.push('--manage-certs', onOff(certs))
    if (trouble !== undefined) flags.push('--troubleshooting', onOff(trouble))
    if (pii !== undefined) flags.push('--encrypted-pii', onOff(pii))
    if (proxyOn === false) flags.push('--proxy', 'off')
    else if (proxyAddress !== undefined && proxyAddress !== '') flags.push('--proxy', proxyAddress)
    else if (proxyOn === true) {
      // An update names only what changes: enableHttpProxy=true alone keeps the proxy the page already has.
      const now = (await runOk(c, ['onboarding', 'status'])) as OnboardingView
      if (!now.proxy)
        throw new AxlFault('Item not valid: httpProxyAddress is required when enableHttpProxy is true', 5003)
    }
    if (flags.length || !voucher) {
      if (push === false) await runOk(c, ['onboarding', 'disable', '--yes'])
      else await runOk(c, ['onboarding', 'save', ...flags])
    }
    return `<return>${stableUuid(`onboarding/${c.door.cluster}`)}</return>`
  },
}

export const AXL_OPERATIONS: Record<string, Operation> = {
  getCCMVersion,
  listProcessNode,
  executeSQLQuery,
  executeSQLUpdate,
  getServiceParameter,
  listServiceParameter,
  updateServiceParameter,
  listCiscoCloudOnboarding,
  updateCiscoCloudOnboarding,
}

/** The AXL version a node of this release answers (14SU3 answers 14.0; 12.5(1)SU6 answers 12.5). */
export function releaseAxlVersion(release: string): string {
  const r = parseRelease(release)
  return `${r.major}.${r.major >= 14 ? 0 : r.minor}`
}

const eprFault = (action: string) =>
  new AxlFault(
    `The endpoint reference (EPR) for the Operation not found is /axl/services/AXLAPIService and the WSA Action = ${action}`,
    5000,
    'Client',
  )

export const AXL_SERVICE = 'Cisco AXL Web Service'

/** A service's state on the door's node: read directly where the door offers it, else through utils service list. */
async function serviceState(door: DoorContext, account: string, name: string): Promise<string | undefined> {
  if (door.serviceState) return door.serviceState(name)
  const r = await door.run(['utils', 'service', 'list'], {json: true, account})
  return (r.doc as {services?: Array<{name: string; state: string}>} | undefined)?.services?.find(
    (s) => s.name === name,
  )?.state
}

/** Options of the AXL app (the server's flags). */
export interface AxlOptions {
  writesPerMinute: number
}

export function axlApp(opts: AxlOptions = {writesPerMinute: DEFAULT_WRITES_PER_MINUTE}): HttpsApp {
  /** Real-time stamps of recent writes, per node. */
  const writes = new Map<string, number[]>()
  return {
    name: 'axl',
    prefixes: ['/axl/'],
    async handle(req: IncomingMessage, res: ServerResponse, door: DoorContext): Promise<void> {
      const send = (status: number, xml: string, extra: Record<string, string> = {}) => {
        res.writeHead(status, {'Content-Type': 'text/xml; charset=utf-8', ...extra})
        res.end(xml)
      }
      if (req.method !== 'POST') {
        // A GET of /axl/ answers a short page, as a real node does (a quick reachability check).
        const account = await requireBasic(req, res, door, 'Cisco AXL')
        if (!account) return
        res.writeHead(200, {'Content-Type': 'text/html;charset=utf-8'})
        res.end(
          '<html><head><title>Cisco AXL Web Service</title></head><body><p>Cisco AXL Web Service</p><p>The AXL SOAP service is working</p></body></html>',
        )
        return
      }
      const account = await requireBasic(req, res, door, 'Cisco AXL')
      if (!account) return
      let op = '?'
      try {
        if ((await serviceState(door, account, AXL_SERVICE)) !== 'STARTED') {
          // No AXL on this node: Tomcat answers, the AXL application does not.
          send(
            503,
            faultXml(
              {message: 'Cisco AXL Web Service is not running on this node.', faultcode: 'Server', axlcode: 5000},
              op,
            ),
          )
          return
        }
        const raw = (await door.readBody()).toString('utf8')
        const doc = parseXml(raw)
        const found = soapOperation(doc)
        if (!found) throw new AxlFault('The request is not a SOAP envelope with an operation in its Body.', 5000)
        op = found.name
        const action = String(req.headers.soapaction ?? '').replace(/^"|"$/g, '')
        const fromAction = /ver=(\d+\.\d+)/.exec(action)?.[1]
        const fromNs = /xmlns(?::\w+)?\s*=\s*["']http:\/\/www\.cisco\.com\/AXL\/API\/(\d+\.\d+)["']/.exec(raw)?.[1]
        const version = fromAction ?? fromNs
        if (!version)
          throw new AxlFault(
            'The AXL version is missing: send SOAPAction "CUCM:DB ver=14.0 OPERATION" or the namespace http://www.cisco.com/AXL/API/14.0.',
            5000,
          )
        const release = {
          version:
            door.release ??
            ((await runOk({door, account, version, op, body: {}}, ['show', 'version', 'active'])) as {version: string})
              .version,
        }
        const top = releaseAxlVersion(release.version)
        const legacyVersion = version === '1.0' && op === 'getCCMVersion'
        if (!legacyVersion && (!AXL_VERSIONS.includes(version) || !versionAtLeast(top, version))) {
          throw new AxlFault(
            `Unsupported AXL version ${version}: this node (release ${release.version}) answers AXL ${AXL_VERSIONS.filter((v) => versionAtLeast(top, v)).join(', ')}.`,
            5000,
            'Client',
            500,
          )
        }
        const operation = AXL_OPERATIONS[op]
        if (
          !operation ||
          (operation.since && !versionAtLeast(legacyVersion ? top : version, operation.since)) ||
          (operation.unifiedCmOnly && door.product === 'imp')
        ) {
          throw eprFault(action || `CUCM:DB ver=${version} ${op}`)
        }
        if (operation.write) {
          // Per node; with tenants, per node of each tenant's lab (tenants never slow each other down).
          const throttleKey = door.tenant === undefined ? door.node : `${door.tenant}\u0000${door.node}`
          const now = Date.now()
          const recent = (writes.get(throttleKey) ?? []).filter((t) => t > now - WRITE_WINDOW_MS)
          if (recent.length >= opts.writesPerMinute) {
            writes.set(throttleKey, recent)
            send(
              503,
              faultXml(
                {
                  message: `AXL write throttle: more than ${opts.writesPerMinute} writes within a minute on this node; try again later.`,
                  faultcode: 'Server',
                  axlcode: 5000,
                },
                op,
              ),
              {'Retry-After': '60'},
            )
            return
          }
          recent.push(now)
          writes.set(throttleKey, recent)
        }
        const inner = await operation.run({door, account, version: legacyVersion ? top : version, op, body: found.body})
        send(200, axlResponse(op, legacyVersion ? '1.0' : version, inner))
      } catch (error) {
        if (error instanceof AxlFault) {
          send(error.status, faultXml({message: error.message, faultcode: error.faultcode, axlcode: error.axlcode}, op))
          return
        }
        if (error instanceof XmlRefused) {
          send(500, faultXml({message: error.message, faultcode: 'Client', axlcode: 5000}, op))
          return
        }
        throw error
      }
    },
  }
}
