// Starts a throwaway Bluesky PDS for tests: an in-memory PLC directory, then the atproto
// reference PDS (installed by scripts/pds/setup.sh), both listening on 127.0.0.1 only.
//
// Run it with the Node 22 that setup.sh installed, from anywhere:
//   .cache/pds/node/bin/node scripts/pds/launch.mjs
// Environment (all optional):
//   PDS_CACHE_DIR        where setup.sh installed the packages (default: <repo>/.cache/pds)
//   PDS_PORT, PLC_PORT   ports to use (default: free ports picked on 127.0.0.1)
//   PDS_DATA_DIRECTORY   data directory (default: a temporary one, removed at exit)
//   PDS_ADMIN_PASSWORD   admin password (default: random; never printed)
//   PDS_RATE_LIMITS_ENABLED=true  turns the PDS's own rate limits on (off by default)
//   WEBOX_PDS_LIFELINE=1 exit when stdin closes (the test process that started us died)
// When both servers answer it prints one line `PDS_URL=http://localhost:PORT` (and
// `PLC_URL=...`) on stdout. SIGTERM or SIGINT stops both and removes a temporary data directory.
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const LOOPBACK = '127.0.0.1'

// Both servers call listen(port) with no host, which binds every interface. Pin every
// listener in this process to loopback instead.
const origListen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (args.length === 0 || typeof args[0] === 'function') {
    args.unshift(0, LOOPBACK)
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK)
  } else if (args[0] && typeof args[0] === 'object' && args[0].path === undefined && !args[0].host) {
    args[0] = { ...args[0], host: LOOPBACK }
  }
  return origListen.apply(this, args)
}

const here = path.dirname(fileURLToPath(import.meta.url))
const cacheDir = process.env.PDS_CACHE_DIR || path.resolve(here, '../../.cache/pds')
const appDir = path.join(cacheDir, 'app')
if (!fs.existsSync(path.join(appDir, 'node_modules', '@atproto', 'pds'))) {
  fail(`the PDS is not installed in ${appDir}; run scripts/pds/setup.sh first`)
}
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  fail(`Node ${process.versions.node} cannot run the PDS (it needs Node 22); use ${cacheDir}/node/bin/node`)
}

// Resolve the packages from the cache dir, not from this script's directory.
const require = createRequire(path.join(appDir, 'package.json'))
const load = (name) => import(pathToFileURL(require.resolve(name)).href)

function fail(msg) {
  process.stderr.write(`pds-launch: ${msg}\n`)
  process.exit(1)
}

async function freePort() {
  const srv = net.createServer()
  await new Promise((resolve, reject) => {
    srv.once('error', reject)
    srv.listen(0, LOOPBACK, resolve)
  })
  const { port } = srv.address()
  await new Promise((resolve) => srv.close(resolve))
  return port
}

async function main() {
  const [{ PDS, envToCfg, envToSecrets, readEnv }, plcMod, atCrypto] = await Promise.all([
    load('@atproto/pds'),
    load('@did-plc/server'),
    load('@atproto/crypto'),
  ])
  const { PlcServer, Database } = plcMod.default ?? plcMod

  const plcPort = Number(process.env.PLC_PORT) || (await freePort())
  const pdsPort = Number(process.env.PDS_PORT) || (await freePort())
  let dataDir = process.env.PDS_DATA_DIRECTORY
  const tempData = !dataDir
  if (tempData) dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webox-pds-'))

  const plc = PlcServer.create({ db: Database.mock(), port: plcPort })
  await plc.start()

  const rotationKey = await atCrypto.Secp256k1Keypair.create({ exportable: true })
  const hex = (n) => crypto.randomBytes(n).toString('hex')
  Object.assign(process.env, {
    PDS_HOSTNAME: 'localhost',
    PDS_PORT: String(pdsPort),
    PDS_DEV_MODE: 'true',
    PDS_DATA_DIRECTORY: dataDir,
    PDS_BLOBSTORE_DISK_LOCATION: path.join(dataDir, 'blobs'),
    // An IP-literal PLC URL is refused as "Invalid hostname": use the name.
    PDS_DID_PLC_URL: `http://localhost:${plcPort}`,
    PDS_JWT_SECRET: hex(32),
    PDS_DPOP_SECRET: hex(32),
    PDS_ADMIN_PASSWORD: process.env.PDS_ADMIN_PASSWORD || hex(16),
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: Buffer.from(await rotationKey.export()).toString('hex'),
    PDS_INVITE_REQUIRED: 'false',
    PDS_CRAWLERS: '',
    PDS_DISABLE_SSRF_PROTECTION: 'true',
  })
  const env = readEnv()
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  await pds.start()

  let stopping = false
  const stop = async (why) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`pds-launch: stopping (${why})\n`)
    await Promise.allSettled([pds.destroy(), plc.destroy()])
    if (tempData) fs.rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  if (process.env.WEBOX_PDS_LIFELINE === '1') {
    process.stdin.on('end', () => stop('stdin closed'))
    process.stdin.on('error', () => stop('stdin error'))
    process.stdin.resume()
  }

  process.stdout.write(`PLC_URL=http://localhost:${plcPort}\nPDS_URL=http://localhost:${pdsPort}\n`)
}

main().catch((err) => fail(err?.stack || String(err)))
