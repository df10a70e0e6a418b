import type {OnboardingRow} from '../onboarding/store.js'

/** The HTTP(S) proxy of the Cisco Cloud Onboarding page, as the cloud hops use it (Proxy Support for Cloud Connection). */
export interface Proxy {
  url: string
  host: string
  auth: 'basic' | 'digest' | null
  /** A name (FQDN) rather than an address: DNS resolves it, and a second address is tried two seconds after the first. */
  isName: boolean
  /** The proxy's own port (the URL's, else 80 for http and 443 for https). */
  port: number
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

export function proxyOf(row: OnboardingRow): Proxy | null {
  if (!row.proxyUrl) return null
  const u = new URL(row.proxyUrl)
  const host = u.hostname.toLowerCase()
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80))
  return {url: row.proxyUrl, host, auth: row.proxyAuth, isName: !IPV4.test(host) && !host.startsWith('['), port}
}
