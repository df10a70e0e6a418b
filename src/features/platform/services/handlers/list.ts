import {handler} from '../../../../command/handler.js'
import {nodeServices} from '../services.js'

/* `utils service list` lives apart from the service control commands, which load every feature's reactions. */

export interface ServiceListResult {
  node: string
  services: Array<{
    name: string
    state: string
    kind: string
    activated: boolean
    reason: string | null
    startedAt: string | null
  }>
  /** The simulated time of the listing (Control Center's Up Time is counted from startedAt to it). */
  at: string
}

export const list = handler<ServiceListResult & {primary: boolean}>({
  write: false,
  run(ctx) {
    const node = ctx.node()
    return {
      node: node.host,
      primary: node.role === 'publisher' || node.role === 'imp-publisher',
      services: nodeServices(ctx.store, node).map((s) => ({
        name: s.name,
        state: s.state,
        kind: s.kind,
        activated: s.activated,
        reason: s.reason,
        startedAt: s.state === 'STARTED' && s.startedAt !== null ? new Date(s.startedAt).toISOString() : null,
      })),
      at: new Date(ctx.clock.now()).toISOString(),
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line('Requesting service status, please wait...')
    o.line('Service Manager is running')
    o.line('Getting list of all services')
    o.line('>> Return code = 0')
    for (const s of r.services) o.line(`${s.name}[${s.state}]${s.reason ? `  ${s.reason}` : ''}`)
    o.line(`Primary Node =${r.primary ? 'true' : 'false'}`)
  },
})
