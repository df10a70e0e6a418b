import {writeFileSync} from 'node:fs'

import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {type ClusterGraph, clusterGraph, toDot, toMermaid, toPng, toSvg} from '../graph.js'
import {requireCluster} from '../../../world/cluster/target.js'

const FORMATS = ['mermaid', 'dot', 'svg', 'png'] as const
type Format = (typeof FORMATS)[number]

/** The format a file extension names. */
const EXTENSIONS: Record<string, Format> = {
  mmd: 'mermaid',
  mermaid: 'mermaid',
  dot: 'dot',
  gv: 'dot',
  svg: 'svg',
  png: 'png',
}
const EXT_LIST = '.mmd or .mermaid (Mermaid), .dot or .gv (Graphviz), .svg, .png'

/** The format of `cluster graph`: --format, else the --output extension, else Mermaid. */
function chooseFormat(given: string | undefined, output: string | null): Format {
  const ext = output && output !== '-' ? /\.([A-Za-z0-9]+)$/.exec(output)?.[1].toLowerCase() : undefined
  const byExt = ext === undefined ? undefined : EXTENSIONS[ext]
  if (ext !== undefined && byExt === undefined && given === undefined) {
    throw new UsageError(`cluster graph cannot write .${ext} files (${output}).`, {
      code: 'GRAPH_FORMAT',
      fix: `Name the file ${EXT_LIST}, or give --format ${FORMATS.join('|')}.`,
    })
  }
  if (given !== undefined && byExt !== undefined && given !== byExt) {
    throw new UsageError(`--format ${given} does not match the file name ${output} (a ${byExt} file).`, {
      code: 'GRAPH_FORMAT',
      fix: `Drop --format (the extension chooses it), or name the file for ${given}.`,
    })
  }
  return (given as Format | undefined) ?? byExt ?? 'mermaid'
}

/** `cluster graph [NAME] --format mermaid|dot|svg|png [--output FILE]`; --json gives the graph's model. */
export const graph = handler<{graph: ClusterGraph; format: Format; file: string | null; text: string | Buffer}>({
  write: false,
  async run(ctx, {args, flags}) {
    const c = args.name ? requireCluster(ctx.store, args.name) : ctx.cluster()
    const output = (flags.output as string | undefined) ?? null
    const format = chooseFormat(flags.format as string | undefined, output)
    const toFile = output !== null && output !== '-'
    // A PNG is bytes: never onto a terminal or into a session's text stream.
    if (format === 'png' && !toFile && !ctx.json && (ctx.io.stdoutIsTTY || ctx.env.UCADMIN_SESSION)) {
      throw new UsageError('A PNG is binary: it is not printed on a terminal.', {
        code: 'GRAPH_BINARY',
        fix: 'Write it to a file: cluster graph --output graph.png (or redirect stdout to a file).',
      })
    }
    const g = clusterGraph(ctx.store, c)
    const text =
      format === 'dot'
        ? toDot(g)
        : format === 'mermaid'
          ? toMermaid(g)
          : format === 'svg'
            ? await toSvg(g)
            : await toPng(g)
    if (toFile) {
      try {
        writeFileSync(output, text)
      } catch (error) {
        throw new UsageError(
          `Cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
          {fix: 'Give a path in a folder you can write.'},
        )
      }
    }
    return {graph: g, format, file: toFile ? output : null, text}
  },
  human(ctx, r) {
    if (r.file) ctx.err.line(`Wrote the ${r.format} graph of cluster ${r.graph.cluster} to ${r.file}.`)
    else ctx.io.out.write(r.text)
  },
  json(ctx, r) {
    const text = typeof r.text === 'string' ? {text: r.text} : {base64: r.text.toString('base64')}
    ctx.out.line(JSON.stringify({...r.graph, format: r.format, file: r.file, ...(r.file ? {} : text)}, null, 2))
  },
})
