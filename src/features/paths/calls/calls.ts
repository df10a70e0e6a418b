import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {ClientRow} from '../failover/store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {Store} from '../../../store/store.js'

import {
  type CallerId,
  type CallerLine,
  type Channel,
  CLOUD_PUSH_S,
  DROP_AFTER_S,
  HUNT_TIMEOUT_S,
  LOCAL_PUSH_S,
  LPNS_PORT,
  REGISTER_S,
  RINGBACK_AFTER_S,
  callShown,
  callerIdFor,
  idText,
  secondPushShown,
} from './rules.js'
import {LPNS_SERVICE, clientOs, groupNodes, lpnsBlocker, specOf, usableLpns} from './lpns.js'
import {clientExtras, desktopsOf, insertCall} from './store.js'
import {findClient, listClients} from '../failover/store.js'
import {requireClient} from './clients.js'
import {CALLMANAGER} from './cucm-groups.js'
import {type PushResult, withActiveNode} from '../push/push.js'
import {deliver} from '../push/delivery.js'
import {CPNS} from '../../guide/onboarding/onboarding.js'
import {parseRelease, supports} from '../../world/cluster/releases.js'
import {isRunning} from '../../platform/services/services.js'
import {UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {iso} from '../../../core/time.js'
import {trace} from '../../platform/traces/traces.js'

/**
 * `sim call CALLER CALLEE`: an incoming call to the callee's mobile client, played out on the simulated clock. In
 * foreground the call comes over SIP (and a push that is not used); suspended, Unified CM sends a VoIP push (or a
 * Local Push over the client's WebSocket), the client shows the call (CallKit, a toast, a notification), registers
 * to the active node of its Unified CM group (named in the push from 12.5(1)SU3; before, it hunts the group), and
 * gets the INVITE. The guide's timers: ringing on the calling device after 5 s without ringback, the call dropped
 * after 13 s without the device offering it, and a second push (missed call, answered elsewhere).
 */

/**
 * The one adapter to the push path (issue 11's delivery model, src/features/paths/push/delivery.ts): a call push sent by
 * the active node, over Local Push first when the client holds an open LPNS session on `lpnsNode`, else (or when
 * a Local Push condition fails) through the node's CPNS and the cloud. Nothing else here sends a push.
 */
export function sendCallPush(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  node: NodeRow,
  c: ClientRow,
  lpnsNode?: NodeRow,
): PushResult {
  const ssid = clientExtras(store, c.id).ssid
  const r = deliver(store, clock, {
    cluster,
    node,
    kind: 'call',
    platform: c.platform,
    os: clientOs(store, c),
    app: c.app,
    mra: c.mra,
    user: c.user,
    ssid,
    local: lpnsNode ? 'auto' : 'never',
    lpnsNode: lpnsNode ?? node,
  })
  return withActiveNode(cluster, r, node)
}

export interface CallInput {
  caller: string
  callee: string
  /** Seconds after the device shows the call until the user answers. */
  answerAfter: number
  noAnswer?: boolean
  answerOn?: string
  /** With noAnswer: seconds until the caller hangs up. */
  hangUpAfter: number
  /** Seconds an answered call lasts. */
  duration: number
}

export interface CallEvent {
  /** Seconds since the call started. */
  t: number
  at: string
  event: string
  node: string | null
  detail: string
}

export interface CallPush {
  kind: 'call' | 'missed' | 'answered-elsewhere'
  path: 'cloud' | 'local'
  status: number
  reason: string | null
  node: string
  channel: Channel
  callKit: boolean
  display: string
  /** Whether the call was set up by it (false for a client in foreground: the SIP channel is used instead). */
  used: boolean
  detail: string
  /** A failed push: the condition that failed (as `onboarding check` names it) and the hop where (issue 11). */
  condition: string | null
  hop: string | null
}

export interface CallResult {
  caller: string
  callee: string
  callerId: CallerId
  release: string
  group: string | null
  activeNode: string | null
  mode: 'foreground' | 'suspended'
  /** How the call reached the callee's mobile client: sip (foreground), cloud (APNS/FCM push), local (LPNS), none. */
  path: 'sip' | 'cloud' | 'local' | 'none'
  outcome: 'answered' | 'answered-elsewhere' | 'caller-hung-up' | 'dropped' | 'unavailable' | 'failed'
  answeredBy: string | null
  channel: Channel | null
  callKit: boolean
  /** What the callee's mobile device showed. */
  display: string | null
  push: CallPush | null
  secondPush: CallPush | null
  registration: {node: string; named: boolean; tried: string[]; seconds: number} | null
  offeredAfterSeconds: number | null
  answeredAfterSeconds: number | null
  ringbackAfterSeconds?: number
  droppedAfterSeconds?: number
  endsAt: string | null
  events: CallEvent[]
  detail: string
}

interface Party {
  user: string
  line: CallerLine
}

function unknownUser(store: Store, cluster: ClusterRow, name: string): UsageError {
  const near = suggest(
    name,
    listClients(store, cluster.id)
      .slice(0, 2000)
      .map((x) => x.user),
  )
  return new UsageError(`No client of user ${name} in ${cluster.name}.`, {
    code: 'UNKNOWN_USER',
    fix: near.length
      ? `Did you mean ${near.join(' or ')}?`
      : `Add one: ucadmin sim client add ${name} --device-pool POOL`,
  })
}

function party(store: Store, cluster: ClusterRow, name: string): Party {
  const c = findClient(store, cluster.id, name)
  if (c) {
    const x = clientExtras(store, c.id)
    return {
      user: c.user,
      line: {
        user: c.user,
        displayName: x.displayName,
        number: x.number,
        externalName: x.externalName,
        externalNumber: x.externalNumber,
      },
    }
  }
  const d = desktopsOf(store, cluster.id, name)
  if (d.length)
    return {
      user: d[0].user,
      line: {user: d[0].user, displayName: null, number: null, externalName: null, externalNumber: null},
    }
  throw unknownUser(store, cluster, name)
}

/**
 * The caller of `sim call`: a simulated client or desktop user, else anyone who can dial (issue 20, item 22): a
 * number (a desk phone, the PSTN: `+14085550100`, `2001`) or a name. Only characters a caller ID can carry.
 */
function callerParty(store: Store, cluster: ClusterRow, name: string): Party {
  if (findClient(store, cluster.id, name) || desktopsOf(store, cluster.id, name).length)
    return party(store, cluster, name)
  const n = name.trim()
  if (!/^[A-Za-z0-9+][A-Za-z0-9 .'_@+-]{0,63}$/.test(n)) {
    throw new UsageError(`"${name}" is not a caller: give a user name or a number.`, {
      code: 'BAD_CALLER',
      fix: 'e.g. `sim call +14085550100 alice` or `sim call "Front Desk" alice`.',
    })
  }
  const isNumber = /^\+?\d[\d-]*$/.test(n)
  return {
    user: n,
    line: {user: n, displayName: null, number: isNumber ? n : null, externalName: null, externalNumber: null},
  }
}

export function simCall(store: Store, clock: Clock, cluster: ClusterRow, input: CallInput): CallResult {
  const {answerAfter, hangUpAfter, duration} = input
  const caller = callerParty(store, cluster, input.caller)
  const c: ClientRow =
    findClient(store, cluster.id, input.callee) ??
    (desktopsOf(store, cluster.id, input.callee).length
      ? requireMobile(input.callee)
      : requireClient(store, cluster, input.callee))
  if (c.user.toLowerCase() === caller.user.toLowerCase())
    throw new UsageError(`${c.user} cannot call itself.`, {fix: 'Name another user as the caller.'})
  const desktops = desktopsOf(store, cluster.id, c.user).filter((d) => d.signedIn)
  let other: string | null = null
  if (input.answerOn !== undefined) {
    const o = input.answerOn.trim()
    const own = desktops.find((d) => d.platform === o.toLowerCase())
    if (own) other = `${c.user}'s Jabber for ${own.platform === 'windows' ? 'Windows' : 'Mac'}`
    else {
      const p = party(store, cluster, o)
      if (p.user.toLowerCase() === c.user.toLowerCase() || p.user.toLowerCase() === caller.user.toLowerCase()) {
        throw new UsageError(`--answer-on names another device sharing ${c.user}'s line, not ${p.user}.`, {
          fix: `Name a user or a desktop device of ${c.user} (windows, mac).`,
        })
      }
      other = `${p.user} (shared line)`
    }
  }

  const release = parseRelease(cluster.version)
  const x = clientExtras(store, c.id)
  const spec = specOf(c, x)
  const callerId = callerIdFor(release, caller.line)
  const who = idText(callerId)
  const {group, nodes} = groupNodes(store, cluster, c)
  const active = nodes.find((n) => isRunning(store, n, CALLMANAGER))
  const start = clock.now()
  const events: CallEvent[] = []
  let traceNode: NodeRow | undefined = active
  let traceService = CPNS
  const step = (t: number, event: string, detail: string, node?: NodeRow) => {
    const due = start + Math.round(t * 1000)
    if (due > clock.now()) clock.runUntil(due)
    events.push({t, at: iso(clock.now()), event, node: node?.host ?? null, detail})
    if (traceNode && traceNode.state === 'up')
      trace(
        store,
        clock,
        traceNode,
        traceService,
        'INFO',
        `call ${caller.user} -> ${c.user} +${t}s ${event}: ${detail}`,
      )
  }
  // Steps after t = 0, run in time order once the call's course is known.
  const plan: Array<{t: number; run: () => void}> = []
  const at = (t: number, run: () => void) => plan.push({t, run})
  const result: CallResult = {
    caller: caller.user,
    callee: c.user,
    callerId,
    release: release.name,
    group,
    activeNode: active?.host ?? null,
    mode: c.mode,
    path: 'none',
    outcome: 'failed',
    answeredBy: null,
    channel: null,
    callKit: false,
    display: null,
    push: null,
    secondPush: null,
    registration: null,
    offeredAfterSeconds: null,
    answeredAfterSeconds: null,
    endsAt: null,
    events,
    detail: '',
  }
  step(
    0,
    'invite',
    `INVITE from ${caller.user} for ${c.user} at ${active?.host ?? 'no node'} (caller ID ${who}${callerId.external ? ', External Presentation Name and Number' : ''})`,
  )
  if (!active) {
    result.detail = `No node of ${group ? `Unified CM group ${group}` : 'the cluster'} (${nodes.map((n) => n.host).join(', ')}) runs Cisco CallManager: the call cannot be placed.`
    step(0, 'failed', result.detail)
    return result
  }

  // Other devices on the line ring at once over SIP (Jabber for desktop, the shared line of --answer-on).
  for (const d of desktops)
    step(0, 'ringing', `${c.user}'s Jabber for ${d.platform === 'windows' ? 'Windows' : 'Mac'} rings (SIP)`, active)
  if (other && !desktops.some((d) => other!.includes(d.platform === 'windows' ? 'Windows' : 'Mac')))
    step(0, 'ringing', `${other} rings (SIP)`, active)
  const othersRing = desktops.length > 0 || other !== null

  let offered: number | null = null
  let displayAt: number | null = null
  let tapToAnswer = false
  let pushed = false
  let local = false
  let pushNode = active
  let lpNode: NodeRow | undefined
  let mraFailure: PushResult | null = null
  if (x.signedOut) {
    step(0, 'not-registered', `${c.user} is signed out of the mobile client: no push is sent to it`)
  } else if (c.mode === 'foreground') {
    result.path = 'sip'
    step(
      0,
      'sip-invite',
      `INVITE over the SIP channel to ${c.user}'s ${c.app === 'jabber' ? 'Jabber' : 'Webex App'} (foreground)`,
      active,
    )
    const r = sendCallPush(store, clock, cluster, active, c)
    const shown = callShown(release, spec, callerId, false)
    result.push = {
      kind: 'call',
      path: 'cloud',
      status: r.status,
      reason: r.reason,
      node: r.node,
      channel: shown.channel,
      callKit: false,
      display: 'not used: the call came over SIP',
      used: false,
      detail: r.detail,
      condition: r.condition,
      hop: r.hop,
    }
    step(
      0,
      r.status === 200 ? 'push-sent' : 'push-failed',
      `push ${r.status}${r.reason ? ` ${r.reason}` : ' OK'} (foreground: not used to set up the call)`,
      active,
    )
    offered = 0
    displayAt = 0
    result.display = `Incoming call in the app (SIP): ${who}`
    step(0, 'ringing', `${c.user}'s mobile rings: ${result.display}`, active)
  } else {
    const lp = c.platform === 'ios' ? usableLpns(store, clock, cluster, c) : undefined
    const r = sendCallPush(store, clock, cluster, active, c, lp?.node)
    let receivedAt: number | null = null
    if (lp && r.path === 'local') {
      local = true
      lpNode = lp.node
      pushNode = lp.node
      traceNode = lp.node
      traceService = LPNS_SERVICE
      result.path = 'local'
      const shown = callShown(release, spec, callerId, true)
      result.push = {
        kind: 'call',
        path: 'local',
        status: 200,
        reason: null,
        node: lp.node.host,
        channel: shown.channel,
        callKit: shown.callKit,
        display: shown.display,
        used: true,
        detail: `Unified CM buffered the INVITE and sent a Local Push over the WebSocket on ${lp.node.host}${lp.failover ? ` (failed over from ${lp.from?.host})` : ''}`,
        condition: null,
        hop: null,
      }
      step(0, 'local-push', result.push.detail, lp.node)
      receivedAt = LOCAL_PUSH_S
    } else {
      result.path = 'cloud'
      if (r.localPush && lp?.wifiLost) {
        trace(
          store,
          clock,
          lp.node,
          LPNS_SERVICE,
          'WARN',
          `Local push to ${c.user} over WebSocket (${LPNS_PORT}): failed, the device left the Wi-Fi (no answer on the session); Unified CM falls back to APNS`,
        )
        step(
          0,
          'local-push-failed',
          `Local Push over the WebSocket on ${lp.node.host} failed: the device left the Wi-Fi while the LPNS still held its session (${r.localPush.condition}); falling back to APNS`,
          lp.node,
        )
      } else if (r.localPush)
        step(
          0,
          'local-push-unavailable',
          `Local Push not used (${r.localPush.condition}): ${r.localPush.detail}`,
          lp?.node,
        )
      else if (!lp && c.platform === 'ios' && !c.mra && clientExtras(store, c.id).ssid) {
        // On Wi-Fi but no session: the user's jabber-config.xml does not list the SSID (issue 20, item 24).
        const b = lpnsBlocker(store, cluster, c, clientExtras(store, c.id))
        if (b?.condition === 'lpns-ssid')
          step(0, 'local-push-unavailable', `Local Push not used (lpns-ssid): ${b.detail}`)
      }
      const shown = callShown(release, spec, callerId, false)
      // An MRA client's Expressway problem comes after the push: it is delivered and rings, and the call fails at the
      // re-registration (issue 20, item 8). A device-side cause (EnableVoipSocket) gets the push sent, never shown.
      mraFailure = r.afterPush && r.hop === 'expressway-c' ? r : null
      const delivered = r.status === 200 || mraFailure !== null
      result.push = {
        kind: 'call',
        path: 'cloud',
        status: r.status,
        reason: r.reason,
        node: r.node,
        channel: shown.channel,
        callKit: shown.callKit,
        display: delivered
          ? shown.display
          : r.afterPush
            ? 'nothing: the device did not present the push'
            : 'nothing: the push was not delivered',
        used: true,
        detail: r.detail,
        condition: r.condition,
        hop: r.hop,
      }
      if (r.afterPush) step(0, 'push-sent', `${shown.channel} push through ${active.host}'s CPNS: 200 OK`, active)
      else
        step(
          0,
          r.status === 200 ? 'push-sent' : 'push-failed',
          `${shown.channel} push through ${active.host}'s CPNS: ${r.status}${r.reason ? ` ${r.reason}` : ' OK'}${r.status === 200 ? '' : ` (${r.detail})`}`,
          active,
        )
      if (delivered) receivedAt = CLOUD_PUSH_S
    }
    if (receivedAt !== null) {
      pushed = true
      const shown = callShown(release, spec, callerId, local)
      result.channel = shown.channel
      result.callKit = shown.callKit
      result.display = shown.display
      const rt = receivedAt
      const pn = pushNode
      at(rt, () => {
        step(
          rt,
          'push-received',
          `${shown.channel === 'single' ? 'single push channel' : `${shown.channel} channel`}${shown.callKit ? ', CallKit' : ''}`,
          pn,
        )
        step(rt, 'display', shown.display, pn)
      })
      if (shown.shown) {
        displayAt = receivedAt
        tapToAnswer = shown.tapToAnswer
        let regStart: number | null = receivedAt
        if (shown.tapToAnswer) regStart = input.noAnswer || other ? null : receivedAt + answerAfter
        if (regStart !== null) {
          if (shown.tapToAnswer) {
            const tap = regStart
            if (tap <= DROP_AFTER_S)
              at(tap, () => step(tap, 'tap', `${c.user} taps the toast: the app starts and registers`, pushNode))
          }
          if (mraFailure) {
            const f = mraFailure
            const t = regStart + REGISTER_S
            if (t <= DROP_AFTER_S)
              at(t, () =>
                step(
                  t,
                  'registration-failed',
                  `${c.user} cannot re-register through Expressway (${f.condition}: ${f.status} ${f.reason})`,
                  active,
                ),
              )
            regStart = null
          }
        }
        if (regStart !== null) {
          const named = supports(release, 'registration-node')
          const idx = nodes.indexOf(active)
          const tried = named ? [active] : nodes.slice(0, idx + 1)
          const seconds = REGISTER_S + (named ? 0 : HUNT_TIMEOUT_S * idx)
          result.registration = {node: active.host, named, tried: tried.map((n) => n.host), seconds}
          offered = regStart + seconds
          if (shown.tapToAnswer && regStart > DROP_AFTER_S) offered = null
        }
      }
    }
  }

  // The rest of the call.
  const deviceOffered = offered !== null && offered <= DROP_AFTER_S
  // Who answers, and when.
  let answerAt: number | null = null
  let answeredBy: string | null = null
  if (other) {
    answerAt = answerAfter
    answeredBy = other
  } else if (!input.noAnswer && deviceOffered) {
    answerAt = tapToAnswer ? offered! : Math.max(displayAt! + answerAfter, offered!)
    answeredBy = c.user
  }
  const hangUpAt = input.noAnswer ? hangUpAfter : null
  const dropAt =
    !deviceOffered &&
    (answerAt === null || answerAt > DROP_AFTER_S) &&
    (hangUpAt === null || hangUpAt > DROP_AFTER_S) &&
    !x.signedOut
      ? DROP_AFTER_S
      : null
  // The call ends: answered, the caller hangs up, or (nothing else ringing) dropped at 13 s.
  let end: number
  if (dropAt !== null && !othersRing) end = dropAt
  else if (answerAt !== null) end = answerAt
  else if (hangUpAt !== null) end = hangUpAt
  else end = dropAt ?? 0
  if (offered !== null && deviceOffered && result.registration && offered <= end) {
    const reg = result.registration
    const o = offered
    at(o, () => {
      step(
        o,
        'registered',
        `${c.user} registered to ${reg.node}${reg.named ? ' (named in the push)' : ` after hunting ${reg.tried.join(', ')}`}`,
        active,
      )
      step(o, 'sip-invite', `INVITE over the SIP channel to ${c.user}`, active)
      step(o, 'ringing', `${c.user}'s mobile offers the call`, active)
    })
  }
  if (!othersRing && (offered === null || offered > RINGBACK_AFTER_S) && end > RINGBACK_AFTER_S) {
    result.ringbackAfterSeconds = RINGBACK_AFTER_S
    at(RINGBACK_AFTER_S, () =>
      step(
        RINGBACK_AFTER_S,
        'ringback-timer',
        `no ringback from ${c.user}'s device within ${RINGBACK_AFTER_S} s: Unified CM plays ringing to ${caller.user}`,
        active,
      ),
    )
  }
  const secondPush = (t: number, kind: 'missed' | 'answered-elsewhere', why: string) => {
    if (!pushed) return
    const s = secondPushShown(spec, callerId, kind, kind === 'answered-elsewhere' ? (other ?? undefined) : undefined)
    let p: CallPush
    const r = sendCallPush(store, clock, cluster, active, c, local ? lpNode : undefined)
    if (r.path === 'local') {
      p = {
        kind,
        path: 'local',
        status: 200,
        reason: null,
        node: pushNode.host,
        ...s,
        used: true,
        detail: `Local Push over the WebSocket on ${pushNode.host}: ${why}`,
        condition: null,
        hop: null,
      }
    } else {
      p = {
        kind,
        path: 'cloud',
        status: r.status,
        reason: r.reason,
        node: r.node,
        ...s,
        display: r.status === 200 ? s.display : 'nothing: the push was not delivered',
        used: true,
        detail: `${why}; ${r.detail}`,
        condition: r.condition,
        hop: r.hop,
      }
    }
    result.secondPush = p
    step(
      t,
      kind === 'missed' ? 'missed-call-push' : 'answered-elsewhere-push',
      `second push (${p.channel}): ${p.display} [${p.status}${p.reason ? ` ${p.reason}` : ' OK'}]`,
      pushNode,
    )
  }
  if (dropAt !== null && dropAt <= end) {
    result.droppedAfterSeconds = DROP_AFTER_S
    at(dropAt, () => {
      step(
        dropAt,
        'dropped',
        `${c.user}'s device did not offer the call within ${DROP_AFTER_S} s: Unified CM drops ${othersRing ? 'the call to it' : 'the call'}`,
        active,
      )
      secondPush(dropAt, 'missed', `not registered within ${DROP_AFTER_S} s`)
    })
  }
  if (answerAt !== null && answerAt === end) {
    at(answerAt, () => {
      step(answerAt!, 'answered', `answered by ${answeredBy}`, active)
      if (other && (dropAt === null || dropAt > answerAt!))
        secondPush(answerAt!, 'answered-elsewhere', `answered on ${other}`)
    })
  } else if (hangUpAt !== null && hangUpAt === end) {
    at(hangUpAt, () => {
      step(hangUpAt, 'caller-hung-up', `${caller.user} hangs up`, active)
      if (dropAt === null || dropAt > hangUpAt) secondPush(hangUpAt, 'missed', `${caller.user} disconnected the call`)
    })
  }
  plan.sort((a, b) => a.t - b.t).forEach((p) => p.run())

  result.offeredAfterSeconds = deviceOffered ? offered : null
  if (answerAt !== null && answerAt === end) {
    result.outcome = answeredBy === c.user ? 'answered' : 'answered-elsewhere'
    result.answeredBy = answeredBy
    result.answeredAfterSeconds = answerAt
    const answeredAt = start + answerAt * 1000
    const endsAt = answeredAt + duration * 1000
    result.endsAt = iso(endsAt)
    const by =
      answeredBy === c.user || other?.startsWith(`${c.user}'s`) ? c.user : other!.replace(/ \(shared line\)$/, '')
    insertCall(store, {
      clusterId: cluster.id,
      caller: caller.user,
      callee: c.user,
      answeredBy: by,
      startedAt: answeredAt,
      endsAt,
    })
    result.detail = `${c.user}'s call from ${caller.user} answered ${answeredBy === c.user ? '' : `on ${other} `}after ${answerAt} s${result.ringbackAfterSeconds ? `; ${caller.user} heard ringing from Unified CM at ${RINGBACK_AFTER_S} s` : ''}.`
  } else if (hangUpAt !== null && hangUpAt === end) {
    result.outcome = 'caller-hung-up'
    result.detail = `${caller.user} hung up after ${hangUpAt} s${result.secondPush ? `; ${c.user} got a missed-call push` : ''}.`
  } else if (dropAt !== null) {
    result.outcome = x.signedOut ? 'unavailable' : 'dropped'
    const why = mraFailure
      ? ` (the push rang, but it could not re-register through Expressway: ${mraFailure.condition})`
      : ''
    result.detail = `${c.user}'s device did not offer the call within ${DROP_AFTER_S} s${why}: Unified CM dropped it${result.secondPush ? ' and sent a missed-call push' : ''}.`
  } else {
    result.outcome = 'unavailable'
    result.detail = `${c.user} is signed out: the call is not offered to the mobile client${othersRing ? '' : ' and no other device rings'}.`
  }
  return result
}

function requireMobile(user: string): never {
  throw new UsageError(`${user} has only Jabber for desktop: sim call rings a mobile client.`, {
    code: 'NO_MOBILE_CLIENT',
    fix: `Add one: ucadmin sim client add ${user} --platform ios --device-pool POOL`,
  })
}
