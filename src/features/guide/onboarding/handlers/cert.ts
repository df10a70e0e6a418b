import {handler} from '../../../../command/handler.js'
import {
  type CertView,
  listCertificates,
  removeCertificate,
  signCertificate,
  uploadCertificate,
} from '../certificates.js'
import {cucmTable} from '../../../../render/table.js'
import {listNodes} from '../../../world/cluster/store.js'
import type {Ctx, Input} from '../../../../command/handler.js'

const targets = (ctx: Ctx, input: Input) =>
  input.flags['all-nodes'] ? listNodes(ctx.store, ctx.cluster().id) : [ctx.node()]

export const upload = handler<{certificates: CertView[]}>({
  run(ctx, input) {
    return {
      certificates: uploadCertificate(ctx.store, ctx.clock, targets(ctx, input), input.args.store!, input.args.name!),
    }
  },
  human(ctx, r) {
    for (const c of r.certificates) ctx.out.line(`Uploaded ${c.name} to ${c.store} on ${c.node}.`)
  },
})

export const remove = handler<{removed: number}>({
  run(ctx, input) {
    return {removed: removeCertificate(ctx.store, targets(ctx, input), input.args.store!, input.args.name!)}
  },
  human(ctx, r) {
    ctx.out.line(`Removed ${r.removed} certificate${r.removed === 1 ? '' : 's'}.`)
  },
})

export const list = handler<{certificates: CertView[]}>({
  write: false,
  run(ctx, input) {
    return {
      certificates: listCertificates(
        ctx.store,
        input.flags.node !== undefined ? [ctx.node()] : listNodes(ctx.store, ctx.cluster().id),
      ),
    }
  },
  async human(ctx, r) {
    if (r.certificates.length === 0) ctx.out.line('No certificates uploaded.')
    else
      ctx.out.lines(
        await cucmTable(
          ['node', 'store', 'name', 'uploaded'],
          r.certificates.map((c) => [c.node, c.store, c.name, c.uploadedAt]),
        ),
      )
  },
})

/** `cert csr tomcat|callmanager --ca NAME`: the CSR, signed by the CA and installed (issue 20, item 19). */
export const csr = handler<{certificates: Array<{node: string; certificate: string; signedBy: string}>}>({
  run(ctx, input) {
    return {
      certificates: signCertificate(
        ctx.store,
        targets(ctx, input),
        input.args.certificate!,
        String(input.flags.ca ?? ''),
      ),
    }
  },
  human(ctx, r) {
    for (const c of r.certificates)
      ctx.out.line(
        `${c.node}: CSR for the Cisco ${c.certificate === 'tomcat' ? 'Tomcat' : 'CallManager'} certificate signed by ${c.signedBy} and installed.`,
      )
  },
})
