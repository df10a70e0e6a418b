import type {Store} from './store.js'

/** Small key/value facts of the whole state file (current cluster, the simulated clock). */
export function getSetting(store: Store, key: string): string | undefined {
  return store.sql<{value: string}>('SELECT value FROM settings WHERE key = ?').get(key)?.value
}

export function setSetting(store: Store, key: string, value: string): void {
  store
    .sql('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(key, value)
}

export function deleteSetting(store: Store, key: string): void {
  store.sql('DELETE FROM settings WHERE key = ?').run(key)
}
