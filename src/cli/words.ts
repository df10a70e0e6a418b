import {UsageError} from '../core/errors.js'
import type {Input} from '../command/handler.js'
import {type FlagDef, parseRawWords} from './parse.js'

export {wantsHelp} from './parse.js'

export type WordFlag = Pick<FlagDef, 'type'>

/**
 * parseRawWords (src/cli/parse.ts, the one parser) with its refusal as a message instead of an error: the input of
 * a command whose words are taken verbatim (`run sql`).
 */
export function parseWords(flagDefs: Record<string, WordFlag>, argv: string[]): Input | string {
  try {
    return parseRawWords(flagDefs, argv)
  } catch (error) {
    if (error instanceof UsageError) return error.message
    throw error
  }
}
