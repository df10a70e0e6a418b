import assert from 'node:assert/strict'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {type Browser, type Page, chromium} from 'playwright-core'

import {LAB, Sandbox} from '../helpers.js'
import {startPages} from './web-pages.js'

/*
 * The guide's task flow in a real browser (issue 22): headless Chromium from Debian (chromium-headless-shell or
 * chromium, in .ci/apt-packages), driven by playwright-core by role and visible name, as an operator clicks.
 * Screenshots go to a temporary folder, or to UCADMIN_SCREENSHOTS (docs/web to refresh the documentation's).
 */

const CANDIDATES = [
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
]
const executablePath = process.env.UCADMIN_CHROMIUM ?? CANDIDATES.find((p) => existsSync(p))
const PASSWORD = 'Cisco!2345'

describe('web pages in headless Chromium: the task flow by clicking', function () {
  let sb: Sandbox
  let cucm: Awaited<ReturnType<typeof startPages>>
  let imp: Awaited<ReturnType<typeof startPages>>
  let browser: Browser
  let shots: string

  before(async function () {
    if (!executablePath) {
      console.log(
        `    (skipped: no Chromium binary; install Debian's chromium-headless-shell, or set UCADMIN_CHROMIUM; looked in ${CANDIDATES.join(', ')})`,
      )
      this.skip()
    }
    sb = new Sandbox()
    shots = process.env.UCADMIN_SCREENSHOTS ?? join(sb.dir, 'screenshots')
    mkdirSync(shots, {recursive: true})
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: PASSWORD + '\n'})
    cucm = await startPages(sb, 'cucm-pub')
    imp = await startPages(sb, 'imp-pub')
    browser = await chromium.launch({executablePath, args: ['--no-sandbox']})
  })
  after(async () => {
    await browser?.close()
    await cucm?.close()
    await imp?.close()
    sb?.remove()
  })

  const shot = (page: Page, name: string) => page.screenshot({path: join(shots, `${name}.png`)})
  const status = (page: Page) => page.getByRole('status')

  async function logIn(page: Page, url: string): Promise<void> {
    await page.goto(url)
    await page.getByLabel('Username').fill('admin')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', {name: 'Login'}).click()
  }

  it('logs in, generates the voucher, checks the boxes, saves, restarts in Control Center, saves again: Cloud Onboarding Completed', async () => {
    const context = await browser.newContext({ignoreHTTPSErrors: true, viewport: {width: 1000, height: 640}})
    const page = await context.newPage()
    await page.goto(`${cucm.base}/ccmadmin/showHome.do`)
    await shot(page, 'login')
    await logIn(page, `${cucm.base}/ccmadmin/showHome.do`)
    await page.getByRole('navigation').getByRole('link', {name: 'Cisco Cloud Onboarding'}).click()
    await page.getByRole('heading', {name: 'Cisco Cloud Onboarding Configuration'}).waitFor()

    // Steps 3 to 7.
    await page.getByRole('button', {name: 'Generate Voucher'}).click()
    await status(page)
      .getByText(/^Voucher generated: VCH-/)
      .waitFor()
    await page.getByLabel('Enable Push Notifications').check()
    await page
      .getByLabel('I want Cisco to manage the Cisco Cloud Service CA Certificates required for this trust')
      .check()
    await page.getByRole('button', {name: 'Save'}).first().click()
    await status(page)
      .getByText('Restart Cisco Tomcat on all nodes to install the Cisco-managed certificates')
      .waitFor()
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().pushEnabled, true)

    // Step 8 on the CLI, then the page again: Pending, and the boxes as the state holds them (step 9).
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes'])
    await page.goto(`${cucm.base}/ccmadmin/cloudOnboardingEdit.do`)
    await status(page).getByText('Cisco Cloud Onboarding Pending').waitFor()
    assert.equal(await page.getByLabel('Enable Push Notifications').isChecked(), true)
    assert.equal(
      await page
        .getByLabel('I want Cisco to manage the Cisco Cloud Service CA Certificates required for this trust')
        .isChecked(),
      true,
    )
    // Steps 10 and 11.
    await page.getByLabel('Send encrypted PII to the Cisco Cloud for troubleshooting').check()
    await page.getByRole('button', {name: 'Save'}).first().click()
    await status(page)
      .getByText(
        'Cloud Onboarding Completed. Restart the Cisco XCP Router service on all IM and Presence Service nodes.',
      )
      .waitFor()
    await status(page)
      .getByText('No phones are enabled in the Device Defaults page to use Activation Code Onboarding')
      .waitFor()
    await shot(page, 'cloud-onboarding')
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().status, 'Cloud Onboarding Completed')

    // Step 12 through the Status area's link: Control Center - Network Services, the IM and Presence node.
    await status(page).getByRole('link', {name: 'Control Center - Network Services'}).click()
    await page.getByRole('heading', {name: 'Control Center - Network Services'}).waitFor()
    const restart = async (server: string, service: string) => {
      await page.getByLabel('Server', {exact: true}).selectOption(server)
      await page.getByRole('button', {name: 'Go', exact: true}).click()
      await page.getByRole('heading', {name: `Network Services on ${server}`}).waitFor()
      await page.getByRole('radio', {name: service, exact: true}).check()
      await page.getByRole('button', {name: 'Restart'}).click()
      await page.getByRole('alertdialog').getByText(`Restarting ${service} may take a while.`).waitFor()
      await page.getByRole('alertdialog').getByRole('button', {name: 'OK'}).click()
      await status(page).getByText(`${service} Service Restart Operation was Successful`).waitFor()
    }
    await restart('imp-pub', 'Cisco XCP Config Manager')
    await restart('imp-pub', 'Cisco XCP Router')
    await shot(page, 'control-center-network-services')
    // The note after step 11: CPNS on every Unified CM node.
    await restart('cucm-pub', 'Cisco Push Notification Service')
    await restart('cucm-sub1', 'Cisco Push Notification Service')
    assert.deepEqual((await sb.ok(['onboarding', 'status', '--json'])).json().pendingRestarts, [])
    assert.match(
      (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout,
      /^Cisco XCP Router\[STARTED\]$/m,
    )

    // The other pages, for the documentation's pictures.
    await page.getByRole('link', {name: 'Control Center - Feature Services'}).click()
    await page.getByLabel('Server', {exact: true}).selectOption('imp-pub')
    await page.getByRole('button', {name: 'Go', exact: true}).click()
    await page.getByRole('heading', {name: 'Feature Services on imp-pub'}).waitFor()
    await shot(page, 'control-center-feature-services')
    await page.getByRole('link', {name: 'Service Activation'}).click()
    await page.getByRole('heading', {name: 'Service Activation'}).waitFor()
    await shot(page, 'service-activation')
    await page.goto(`${cucm.base}/ccmadmin/serviceParamEdit.do?service=11`)
    await shot(page, 'service-parameters-enterprise-wide')
    await page.goto(`${cucm.base}/ccmadmin/enterpriseParamEdit.do`)
    await page.getByLabel('OAuth with Refresh Login Flow').selectOption('Enabled')
    await page.getByRole('button', {name: 'Save'}).first().click()
    await status(page).getByText('OAuth with Refresh Login Flow: Disabled -> Enabled').waitFor()
    await shot(page, 'enterprise-parameters')
    await context.close()
  })

  it('sets Push Notifications High Availability on the IM and Presence Service Parameters page', async () => {
    const context = await browser.newContext({ignoreHTTPSErrors: true, viewport: {width: 1000, height: 640}})
    const page = await context.newPage()
    await logIn(page, `${imp.base}/cupadmin/showHome.do`)
    await page.getByRole('navigation').getByRole('link', {name: 'Service Parameters'}).click()
    await page.getByLabel('Service', {exact: true}).selectOption({label: 'Cisco XCP Router (Active)'})
    await page.getByRole('button', {name: 'Go', exact: true}).click()
    await page.getByLabel('Push Notifications High Availability').selectOption('Enabled')
    await page.getByRole('button', {name: 'Save'}).first().click()
    await status(page).getByText('Restart Cisco XCP Router on every IM and Presence node.').waitFor()
    await shot(page, 'imp-service-parameters')
    assert.equal(
      (await sb.ok(['param', 'service', 'list', 'Cisco XCP Router', '--json'])).json().parameters[0].value,
      'Enabled',
    )
    await page.getByRole('navigation').getByRole('link', {name: 'Messaging Settings'}).click()
    await page.getByLabel('Multiple Device Messaging').selectOption('Enabled')
    await page.getByLabel('Stream Management').selectOption('Enabled')
    await page.getByRole('button', {name: 'Save'}).first().click()
    await status(page).getByText('Update completed.').waitFor()
    await shot(page, 'imp-messaging-settings')
    assert.deepEqual(
      (await sb.ok(['param', 'messaging', 'list', '--json'])).json().parameters.map((p: {value: string}) => p.value),
      ['Enabled', 'Enabled', 'Enabled'],
    )

    // OS Administration: a CA chain into tomcat-trust through the file chooser.
    const pem = join(sb.dir, 'Example-Root-CA.pem')
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    await page.goto(`${imp.base}/cmplatform/certificateFindList.do`)
    await page.getByRole('navigation').getByRole('link', {name: 'Upload Certificate/Certificate chain'}).click()
    await page.getByLabel('Certificate Purpose').selectOption('tomcat-trust')
    await page.getByLabel('Upload File').setInputFiles(pem)
    await page.getByRole('button', {name: 'Upload', exact: true}).click()
    await status(page)
      .getByText('Success: Certificate Uploaded (Example-Root-CA.pem to tomcat-trust on imp-pub)')
      .waitFor()
    await shot(page, 'os-admin-certificate-upload')
    assert.match(
      (await sb.ok(['cert', 'list', '--node', 'imp-pub'])).stdout,
      /imp-pub +tomcat-trust +Example-Root-CA\.pem/,
    )
    await context.close()
  })
})
