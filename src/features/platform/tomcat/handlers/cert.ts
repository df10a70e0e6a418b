import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {oneLine} from '../../../../core/text.js'
import {type CertFacts, describeCert, ensureTomcatCert} from '../cert.js'

/** The own certificates `show cert own` prints: Cisco Tomcat's (the one `serve https` presents). */
const NAMES = ['tomcat', 'tomcat/tomcat.pem']

export interface OwnCertView extends CertFacts {
  node: string
  name: string
}

/**
 * `show cert own tomcat`: the node's Cisco Tomcat certificate (made on first use, then kept in the state file), so a
 * client can trust it: the PEM text on stdout (save it as a CA file), the details with --json.
 */
export const own = handler<OwnCertView>({
  async run(ctx, {args}) {
    const name = String(args.name ?? '').trim()
    if (!NAMES.includes(name.toLowerCase())) {
      throw new UsageError(`ucadmin keeps one own certificate per node: tomcat, not "${oneLine(name, 60)}".`, {
        code: 'UNKNOWN_CERT',
        fix: 'Run `ucadmin show cert own tomcat`.',
      })
    }
    const node = ctx.node()
    const row = await ensureTomcatCert(ctx.store, ctx.clock, node, async (fn) => fn())
    return {node: node.host, name: 'tomcat/tomcat.pem', ...describeCert(row)}
  },
  human(ctx, r) {
    ctx.out.line(`[`)
    ctx.out.line(`  Subject: ${r.subject}`)
    ctx.out.line(`  Issuer: ${r.issuer}`)
    ctx.out.line(`  Serial Number: ${r.serialNumber}`)
    ctx.out.line(`  Validity From: ${r.validFrom}`)
    ctx.out.line(`           To: ${r.validTo}`)
    ctx.out.line(`  SHA-256 Fingerprint: ${r.fingerprint}`)
    ctx.out.line(`]`)
    ctx.out.write(r.pem.endsWith('\n') ? r.pem : `${r.pem}\n`)
  },
})
