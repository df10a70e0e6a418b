import {listNodes} from '../../../world/cluster/store.js'
import {uploadCertificate} from '../../../guide/onboarding/certificates.js'
import {certificates as certs} from '../../../guide/onboarding/config-store.js'
import {type ClusterReconciler, step} from './types.js'

type Store = 'tomcat-trust' | 'callmanager-trust'

/** CA certificates on every node: `cert upload STORE NAME --all-nodes` where one is missing. */
export const certificates: ClusterReconciler = {
  kind: 'certificates',
  commands: ['cert:upload'],
  units(k, t) {
    if (!t.spec.certificates?.length) return []
    return [
      {
        path: [...t.base, 'certificates'],
        resource: `cluster/${t.name}/certificates`,
        apply(steps) {
          const cluster = t.cluster()
          for (const cert of t.spec.certificates!) {
            const trust = cert.store ?? 'tomcat-trust'
            const missing = listNodes(k.store, cluster.id).filter((n) => !certs(k.store, n.id).some((c) => c.store === trust && c.name === cert.name))
            if (missing.length === 0) continue
            uploadCertificate(k.store, k.clock, missing, trust, cert.name)
            steps.push(step(['cert', 'upload', trust, cert.name, '--all-nodes', '--cluster', t.name], `upload ${cert.name} to ${trust} on ${missing.map((n) => n.host).join(', ')}`))
          }
          return false
        },
      },
    ]
  },
  export(store, _cluster, nodes) {
    // Certificates present on every node (apply uploads to every node).
    const perNode = nodes.map((n) => new Set(certs(store, n.id).map((c) => `${c.store}\u0000${c.name}`)))
    const common = [...(perNode[0] ?? [])].filter((key) => perNode.every((s) => s.has(key)))
    return common.length ? {certificates: common.map((key) => ({store: key.split('\u0000')[0] as Store, name: key.split('\u0000')[1]}))} : {}
  },
}
