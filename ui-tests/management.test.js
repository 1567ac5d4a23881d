// Headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) against a running Conduit:
// the status page, a connector-log download as CSV and JSON, and the Hawtio console's Camel routes view.
// Environment: CONDUIT_MANAGEMENT_URL (e.g. http://127.0.0.1:9876), CONDUIT_MANAGEMENT_PASSWORD (the management
// login of user conduit, which guards the status page, Jolokia and the console), CONDUIT_CONNECTOR (default whatsapp-demo),
// SCREENSHOT_DIR (default ../target/ui-tests), CHROMIUM (default /usr/bin/chromium). Run by .ci/run.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const BASE = process.env.CONDUIT_MANAGEMENT_URL ?? 'http://127.0.0.1:9876'
const CONNECTOR = process.env.CONDUIT_CONNECTOR ?? 'whatsapp-demo'
const SHOTS = resolve(process.env.SCREENSHOT_DIR ?? '../target/ui-tests')
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

let context
let profile

before(async () => {
  mkdirSync(SHOTS, { recursive: true })
  profile = mkdtempSync(join(tmpdir(), 'conduit-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    acceptDownloads: true,
    httpCredentials: { username: 'conduit', password: process.env.CONDUIT_MANAGEMENT_PASSWORD ?? '' },
    viewport: { width: 1600, height: 1000 },
  })
})

after(async () => {
  await context?.close()
  rmSync(profile, { recursive: true, force: true })
})

function number(text) {
  const n = Number(text.trim())
  assert.ok(Number.isInteger(n), `expected a count, got '${text}'`)
  return n
}

test('status page lists the connector with counts that balance', async () => {
  const page = await context.newPage()
  const response = await page.goto(`${BASE}/observe/status`)
  assert.equal(response.status(), 200)
  const row = page.locator(`#connectors tr[data-connector="${CONNECTOR}"]`)
  await row.waitFor()
  const items = number(await row.locator('td.items').innerText())
  const archived = number(await row.locator('td.archived').innerText())
  const duplicates = number(await row.locator('td.duplicates').innerText())
  const quarantined = number(await row.locator('td.quarantined').innerText())
  assert.ok(items > 0, 'the demo connector read items')
  assert.equal(items, archived + duplicates + quarantined)
  assert.equal((await row.locator('td.balanced').innerText()).trim(), 'yes')
  assert.match(await row.locator('td').nth(2).innerText(), /\S+ \S+ \S+ \S+ \S+ \S+/, 'the Quartz cron is shown')
  assert.ok(await page.locator('#custodians tr').count() > 1, 'the mapped custodians are listed')
  // the connector's items per day: an SVG drawn by the server, 30 days, its bars laid out by the browser
  const chart = page.locator(`#volume figure[data-connector="${CONNECTOR}"] svg`)
  assert.equal(await chart.getAttribute('data-days'), '30')
  const box = await chart.boundingBox()
  assert.ok(box && box.width > 200 && box.height > 40, `the chart is drawn (${JSON.stringify(box)})`)
  assert.equal(await chart.locator('rect.day, rect.gap').count(), 30, 'one mark per day')
  await page.locator(`#volume figure[data-connector="${CONNECTOR}"]`).screenshot({ path: join(SHOTS, 'status-volume.png') })
  await page.screenshot({ path: join(SHOTS, 'status.png'), fullPage: true })
  await page.close()
})

test('connector log downloads as CSV and JSON for a date range', async () => {
  const page = await context.newPage()
  await page.goto(`${BASE}/observe/status`)
  const row = page.locator(`#connectors tr[data-connector="${CONNECTOR}"]`)

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), row.locator('button.csv').click()])
  const csvFile = join(SHOTS, csvDownload.suggestedFilename())
  await csvDownload.saveAs(csvFile)
  const csv = readFileSync(csvFile, 'utf8').trim().split(/\r?\n/)
  assert.match(csv[0], /^time,type,connector,source,itemId,messageId,copies/)
  assert.ok(csv.length > 1, 'the CSV has log lines')
  assert.ok(csv.slice(1).every((l) => l.includes(`,${CONNECTOR},`)), 'every line is the connector\'s')

  await page.goto(`${BASE}/observe/status`)
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'),
    page.locator(`#connectors tr[data-connector="${CONNECTOR}"] button.json`).click()])
  const jsonFile = join(SHOTS, jsonDownload.suggestedFilename())
  await jsonDownload.saveAs(jsonFile)
  const lines = JSON.parse(readFileSync(jsonFile, 'utf8'))
  assert.ok(lines.length > 0)
  assert.ok(lines.every((l) => l.connector === CONNECTOR))
  const runs = lines.filter((l) => l.type === 'run')
  assert.ok(runs.length > 0, 'the log has run lines')
  assert.ok(runs.every((r) => r.items === r.archived + r.duplicates + r.quarantined && r.balanced))
  await page.close()
})

test('Hawtio Camel view lists the connector route with its exchange count', async () => {
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log('page error:', e.message))
  await page.goto(`${BASE}/observe/hawtio/camel`)
  // the Camel plugin's tree: open the routes folder of the context
  const routesNode = page.locator('.pf-v6-c-tree-view__node', { hasText: /^routes$/i }).first()
  await routesNode.waitFor({ timeout: 60_000 })
  await routesNode.click()
  // the routes folder opens on its diagram: the Routes tab is the table with the exchange counts
  await page.locator('nav[aria-label="Camel Nav"] a', { hasText: /^Routes$/ }).click()
  const nameCell = page.locator('td[data-label="Name"]', { hasText: new RegExp(`^${CONNECTOR}$`) })
  await nameCell.waitFor({ timeout: 60_000 })
  const route = page.locator('tr', { has: nameCell })
  const total = number(await route.locator('td[data-label="Total"]').innerText())
  assert.ok(total > 0, `route ${CONNECTOR} has exchanges (Total = ${total})`)
  await page.screenshot({ path: join(SHOTS, 'hawtio-camel-routes.png'), fullPage: true })
  await page.close()
})

test('Hawtio draws the connector route diagram without an error', async () => {
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${BASE}/observe/hawtio/camel`)
  const routesNode = page.locator('.pf-v6-c-tree-view__node', { hasText: /^routes$/i }).first()
  await routesNode.waitFor({ timeout: 60_000 })
  await routesNode.click()
  // the routes folder opens on its Route Diagram tab: Hawtio reads the definitions with dumpRoutesAsXml()
  const diagramTab = page.locator('nav[aria-label="Camel Nav"] a', { hasText: /^Route Diagram$/ })
  await diagramTab.waitFor({ timeout: 60_000 })
  await diagramTab.click()
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 })
  const nodes = await page.locator('.react-flow__node').count()
  assert.ok(nodes > 3, `the diagram has the routes' steps (${nodes} nodes)`)
  const body = await page.locator('body').innerText()
  assert.ok(!/Could not locate any XML/i.test(body), 'no "Could not locate any XML for route." notice')
  assert.ok(!/forbidden/i.test(body), 'no Jolokia refusal on the page')
  await page.screenshot({ path: join(SHOTS, 'hawtio-route-diagram.png'), fullPage: true })
  assert.deepEqual(errors, [], 'no script error on the page')
  await page.close()
})
