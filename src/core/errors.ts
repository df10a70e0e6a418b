/**
 * Errors the domain raises. Each carries the process exit code of the contract (1: the operation failed or a check
 * did not pass; 2: bad usage or bad input) and, where there is one, a hint that tells the user how to fix it.
 * The runner turns them into one line on stderr (or a JSON document with --json); never a stack trace.
 */
export type FailureExit = 1 | 2

export interface ErrorOptions {
  /** How to fix it: printed after the message. */
  fix?: string
  /** A stable machine-readable code, e.g. UNKNOWN_SERVICE. */
  code?: string
  /** Extra data for --json output. */
  details?: Record<string, unknown>
}

export class UcError extends Error {
  readonly exitCode: FailureExit
  readonly fix?: string
  readonly code: string
  readonly details?: Record<string, unknown>

  constructor(message: string, exitCode: FailureExit, options: ErrorOptions = {}) {
    super(message)
    this.name = 'UcError'
    this.exitCode = exitCode
    this.fix = options.fix
    this.code = options.code ?? (exitCode === 2 ? 'BAD_INPUT' : 'FAILED')
    this.details = options.details
  }
}

/** Bad usage or bad input (exit 2): nothing was changed. */
export class UsageError extends UcError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, 2, options)
    this.name = 'UsageError'
  }
}

/** The operation failed or a check did not pass (exit 1). */
export class FailedError extends UcError {
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, 1, options)
    this.name = 'FailedError'
  }
}
