import type Database from 'better-sqlite3'

import {m001Foundation} from './001-foundation.js'

export interface Migration {
  version: number
  name: string
  up: string | ((db: Database.Database) => void)
}

/** Every schema change, in order. Add a file and a line here; never edit a migration that has shipped. */
export const MIGRATIONS: Migration[] = [m001Foundation]
