import {checkValue, findParam} from '../../../guide/onboarding/parameters.js'
import {listProfiles, listUcServices, profileByName, ucServiceByName, ucServiceParams} from '../../../guide/onboarding/profile-store.js'
import {addUcService, setServiceProfile, setUcServiceParameter} from '../../../guide/onboarding/service-profiles.js'
import type {ClusterSpec} from '../labfile.js'
import {type ClusterReconciler, didYouMean, step} from './types.js'

const isDefault = (name: string) => name.trim().toLowerCase() === 'default'

/**
 * UC services of type Jabber Client Configuration (jabber-config.xml) (issue 20, item 24): `uc-service add NAME
 * --param ID=VALUE`, then `uc-service set` for a parameter that differs. The UC service Default is the system default
 * profile's: its parameters are the cluster's `parameters`.
 */
export const ucServices: ClusterReconciler = {
  kind: 'ucServices',
  commands: ['uc-service:add', 'uc-service:set'],
  check(k, c) {
    const seen = new Set<string>()
    ;(c.spec.ucServices ?? []).forEach((s, i) => {
      const at = [...c.base, 'ucServices', i]
      if (isDefault(s.name)) k.at([...at, 'name'], 'the UC service Default is the system default profile\u2019s: set its parameters under parameters.')
      if (seen.has(s.name.toLowerCase())) k.at([...at, 'name'], `UC service ${s.name} is listed twice.`)
      seen.add(s.name.toLowerCase())
      for (const [id, value] of Object.entries(s.parameters ?? {})) k.tryAt([...at, 'parameters', id], () => checkValue(findParam('jabber', id), String(value)))
    })
  },
  units(k, t) {
    return (t.spec.ucServices ?? []).map((s, i) => ({
      path: [...t.base, 'ucServices', i],
      resource: `cluster/${t.name}/uc-service/${s.name}`,
      apply(steps) {
        const cluster = t.cluster()
        const cl = ['--cluster', t.name]
        const want = Object.entries(s.parameters ?? {}).map(([id, raw]) => {
          const p = findParam('jabber', id)
          return {p, value: checkValue(p, String(raw))}
        })
        const row = ucServiceByName(k.store, cluster.id, s.name)
        if (!row) {
          const params = want.map((w) => `${w.p.name}=${w.value}`)
          addUcService(k.store, k.clock, cluster, {name: s.name, description: s.description, params})
          const argv = ['uc-service', 'add', s.name, ...(s.description ? ['--description', s.description] : []), ...params.flatMap((x) => ['--param', x]), ...cl]
          steps.push(step(argv, `UC service ${s.name} (jabber-config.xml)${params.length ? `: ${params.join(', ')}` : ''}`))
          return true
        }
        const have = ucServiceParams(k.store, row.id)
        for (const w of want) {
          const before = have.get(w.p.id) ?? w.p.default
          if (before === w.value) continue
          setUcServiceParameter(k.store, k.clock, cluster, row.name, w.p.id, w.value)
          steps.push(step(['uc-service', 'set', row.name, w.p.name, w.value, ...cl], `UC service ${row.name}: ${w.p.name}: ${before || '(empty)'} -> ${w.value || '(empty)'}`))
        }
        return false
      },
    }))
  },
  export(store, cluster) {
    const rows = listUcServices(store, cluster.id)
    if (!rows.length) return {}
    return {
      ucServices: rows.map((r) => {
        const params = [...ucServiceParams(store, r.id)].filter(([id, v]) => findParam('jabber', id).default !== v)
        return {
          name: r.name,
          ...(r.description ? {description: r.description} : {}),
          ...(params.length ? {parameters: Object.fromEntries(params) as NonNullable<ClusterSpec['ucServices']>[number]['parameters']} : {}),
        }
      }),
    }
  },
}

/** Service profiles and the UC service in their Mobile slot: `service-profile set NAME --mobile UCSERVICE|none`. */
export const serviceProfiles: ClusterReconciler = {
  kind: 'serviceProfiles',
  commands: ['service-profile:set'],
  check(k, c) {
    const services = new Set((c.spec.ucServices ?? []).map((s) => s.name.toLowerCase()))
    const seen = new Set<string>()
    ;(c.spec.serviceProfiles ?? []).forEach((p, i) => {
      const at = [...c.base, 'serviceProfiles', i]
      if (isDefault(p.name)) k.at([...at, 'name'], 'Default is the system default service profile; it keeps the UC service Default.')
      if (seen.has(p.name.toLowerCase())) k.at([...at, 'name'], `service profile ${p.name} is listed twice.`)
      seen.add(p.name.toLowerCase())
      if (p.mobile !== null && !isDefault(p.mobile) && !services.has(p.mobile.toLowerCase()) && !(c.existing && ucServiceByName(k.store, c.existing.id, p.mobile)))
        k.at([...at, 'mobile'], `no UC service ${p.mobile} in cluster ${c.name} (ucServices).${didYouMean(p.mobile, [...(c.spec.ucServices ?? []).map((s) => s.name), ...(c.existing ? listUcServices(k.store, c.existing.id).map((s) => s.name) : [])])}`)
    })
  },
  units(k, t) {
    return (t.spec.serviceProfiles ?? []).map((p, i) => ({
      path: [...t.base, 'serviceProfiles', i],
      resource: `cluster/${t.name}/service-profile/${p.name}`,
      apply(steps) {
        const cluster = t.cluster()
        const row = profileByName(k.store, cluster.id, p.name)
        const mobile = p.mobile === null ? null : isDefault(p.mobile) ? 'Default' : (ucServiceByName(k.store, cluster.id, p.mobile)?.name ?? p.mobile)
        const same = row && (row.mobileService ?? '').toLowerCase() === (mobile ?? '').toLowerCase() && (p.description === undefined || p.description === row.description)
        if (same) return false
        setServiceProfile(k.store, k.clock, cluster, {name: p.name, mobile: mobile ?? 'none', description: p.description})
        const argv = ['service-profile', 'set', p.name, '--mobile', mobile ?? 'none', ...(p.description !== undefined ? ['--description', p.description] : []), '--cluster', t.name]
        steps.push(step(argv, `service profile ${p.name}: Mobile ${mobile ?? 'none'}`))
        return !row
      },
    }))
  },
  export(store, cluster) {
    const rows = listProfiles(store, cluster.id)
    if (!rows.length) return {}
    return {serviceProfiles: rows.map((r) => ({name: r.name, ...(r.description ? {description: r.description} : {}), mobile: r.mobileService}))}
  },
}
