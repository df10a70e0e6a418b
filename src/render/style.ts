/**
 * Colour, only through here. chalk is imported only when colour is on, so scripts and pipes never pay for it.
 */
export interface Style {
  ok(text: string): string
  warn(text: string): string
  bad(text: string): string
  bold(text: string): string
  dim(text: string): string
}

const plain: Style = {
  ok: (t) => t,
  warn: (t) => t,
  bad: (t) => t,
  bold: (t) => t,
  dim: (t) => t,
}

export async function makeStyle(color: boolean): Promise<Style> {
  if (!color) return plain
  const {Chalk} = await import('chalk')
  const c = new Chalk({level: 1})
  return {
    ok: (t) => c.green(t),
    warn: (t) => c.yellow(t),
    bad: (t) => c.red(t),
    bold: (t) => c.bold(t),
    dim: (t) => c.dim(t),
  }
}

export const plainStyle = plain
