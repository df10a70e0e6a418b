import type Database from 'better-sqlite3'

import {m001Foundation} from './001-foundation.js'
import {m002CucmDb} from './002-cucm-db.js'
import {m003Alarms} from './003-alarms.js'
import {m004Accounts} from './004-accounts.js'
import {m005Onboarding} from './005-onboarding.js'
import {m006Failover} from './006-failover.js'
import {m007PushPaths} from './007-push-paths.js'
import {m008Calls} from './008-calls.js'
import {m009SshLogins} from './009-ssh-logins.js'
import {m010SshServers} from './010-ssh-servers.js'
import {m011Tomcat} from './011-tomcat.js'
import {m012ServiceProfiles} from './012-service-profiles.js'

export interface Migration {
  version: number
  name: string
  up: string | ((db: Database.Database) => void)
}

/** Every schema change, in order. Add a file and a line here; never edit a migration that has shipped. */
export const MIGRATIONS: Migration[] = [
  m001Foundation,
  m002CucmDb,
  m003Alarms,
  m004Accounts,
  m005Onboarding,
  m006Failover,
  m007PushPaths,
  m008Calls,
  m009SshLogins,
  m010SshServers,
  m011Tomcat,
  m012ServiceProfiles,
]
