import {writeFileSync} from 'node:fs'

import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {type ClusterGraph, clusterGraph, toDot, toMermaid, toSvg} from '../graph.js'
import {requireCluster} from '../../../world/cluster/target.js'

const FORMATS = ['mermaid', 'dot', 'svg'] as const
type Format = (typeof FORMATS)[number]

/** `cluster graph [NAME] --format mermaid|dot|svg [--output FILE]`; --json gives the graph's model. */
export const graph = handler<{graph: ClusterGraph; format: Format; file: string | null; text: string}>({
  write: false,
  async run(ctx, {args, flags}) {
    const c = args.name ? requireCluster(ctx.store, args.name) : ctx.cluster()
    const output = (flags.output as string | undefined) ?? null
    const byExt = output?.match(/\.(svg|dot|gv|mmd|mermaid)$/i)?.[1].toLowerCase()
    const format = ((flags.format as string | undefined) ?? (byExt === 'gv' ? 'dot' : byExt === 'mmd' ? 'mermaid' : byExt) ?? 'mermaid') as Format
    if (!FORMATS.includes(format)) throw new UsageError(`Unknown graph format "${format}".`, {fix: `Use --format ${FORMATS.join(', ')}.`})
    const g = clusterGraph(ctx.store, c)
    const text = format === 'dot' ? toDot(g) : format === 'mermaid' ? toMermaid(g) : await toSvg(g)
    if (output !== null && output !== '-') {
      try {
        writeFileSync(output, text)
      } catch (error) {
        throw new UsageError(`Cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {fix: 'Give a path in a folder you can write.'})
      }
    }
    return {graph: g, format, file: output === '-' ? null : output, text}
  },
  human(ctx, r) {
    if (r.file) ctx.err.line(`Wrote the ${r.format} graph of cluster ${r.graph.cluster} to ${r.file}.`)
    else ctx.out.write(r.text)
  },
  json(ctx, r) {
    ctx.out.line(JSON.stringify({...r.graph, format: r.format, file: r.file, ...(r.file ? {} : {text: r.text})}, null, 2))
  },
})
