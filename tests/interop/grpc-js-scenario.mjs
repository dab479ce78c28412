// Drives a running NaraVard server with @grpc/grpc-js over all three services, health and reflection.
// Usage: NARAVARD_ADDRESS=127.0.0.1:5000 node grpc-js-scenario.mjs   (exit code 0 when every check passed)
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../protos');
const address = process.env.NARAVARD_ADDRESS ?? '127.0.0.1:5000';
const load = (file) => grpc.loadPackageDefinition(protoLoader.loadSync(file, { includeDirs: [root], keepCase: true, longs: Number, enums: String, defaults: true }));
const api = load(['naravard/v1/roadmap_service.proto', 'naravard/v1/initiative_service.proto', 'naravard/v1/obstacle_service.proto']).naravard.v1;
const health = load('grpc/health/v1/health.proto').grpc.health.v1;
const reflection = load('grpc/reflection/v1/reflection.proto').grpc.reflection.v1;

const plain = grpc.credentials.createInsecure();
const roadmap = new api.RoadmapService(address, plain);
const initiatives = new api.InitiativeService(address, plain);
const obstacles = new api.ObstacleService(address, plain);
// A second, independent client with gzip-compressed requests.
const gzipOptions = { 'grpc.default_compression_algorithm': 2, 'grpc.default_compression_level': 2 };
const otherInitiatives = new api.InitiativeService(address, plain, gzipOptions);

const auth = () => {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${process.env.NARAVARD_TOKEN ?? ''}`);
  return metadata;
};
const call = (client, method, request, options = {}) => new Promise((resolve, reject) =>
  client[method](request, auth(), options, (error, response) => (error ? reject(error) : resolve(response))));
const failures = [];
const check = (name, condition, detail = '') => {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!condition) failures.push(name);
};
const within = (ms, promise, what) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

async function main() {
  const status = await new Promise((resolve, reject) => new health.Health(address, plain).Check({ service: '' }, (e, r) => (e ? reject(e) : resolve(r))));
  try {
    await new Promise((resolve, reject) => roadmap.GetOverview({}, (e, r) => (e ? reject(e) : resolve(r))));
    check('a call without a token is refused', false);
  } catch (e) {
    check('a call without a token answers UNAUTHENTICATED', e.code === grpc.status.UNAUTHENTICATED, e.details);
  }
  check('health check answers SERVING', status.status === 'SERVING', status.status);

  const services = await within(5000, new Promise((resolve, reject) => {
    const stream = new reflection.ServerReflection(address, plain).ServerReflectionInfo();
    stream.on('data', (response) => { resolve(response.list_services_response.service.map((s) => s.name)); stream.end(); });
    stream.on('error', reject);
    stream.write({ list_services: '' });
  }), 'reflection');
  for (const name of ['naravard.v1.RoadmapService', 'naravard.v1.InitiativeService', 'naravard.v1.ObstacleService', 'grpc.health.v1.Health']) {
    check(`reflection lists ${name}`, services.includes(name));
  }

  const created = await call(initiatives, 'CreateInitiative', {
    title: 'Kommunal primärvård i Linköping (grpc-js)', owner_code: '0580', scope: 'SCOPE_MUNICIPAL', roadmap_item: 'K01', goal_areas: ['framtidens-primarvard'],
  });
  check('CreateInitiative returns an initiative in planering', created.phase === 'PHASE_PLANERING' && created.id.length > 0, created.id);

  // A watcher sees the report that another client makes.
  const watch = roadmap.WatchRoadmap({ organization_code: '0580' }, auth());
  const seen = within(10000, new Promise((resolve, reject) => {
    let snapshotDone = false;
    watch.on('data', (change) => {
      if (change.snapshot_complete) snapshotDone = true;
      else if (snapshotDone && change.initiative?.id === created.id && change.event?.type === 'ProgressReported') resolve(change);
    });
    watch.on('error', (e) => { if (e.code !== grpc.status.CANCELLED) reject(e); });
  }), 'the watched change');
  await new Promise((r) => setTimeout(r, 300));
  const reported = await call(otherInitiatives, 'ReportProgress', { initiative_id: created.id, progress_percent: 40, status: 'INITIATIVE_STATUS_AT_RISK', comment: 'gzip-komprimerad rapport', request_id: `js-${Date.now()}` });
  check('a gzip-compressed ReportProgress is accepted', reported.progress_percent === 40 && reported.version === 2, `version ${reported.version}`);
  const change = await seen;
  check('the watcher receives the other client\'s report', change.initiative.progress_percent === 40 && change.position > 0, `position ${change.position}`);
  watch.cancel();

  const obstacle = await call(obstacles, 'FlagObstacle', { category: 'tillit', severity: 'SEVERITY_HIGH', title: 'Oklar betalningsansvar', blocked_initiatives: [created.id] });
  check('FlagObstacle affects the initiative\'s organisation', obstacle.affected_organizations.includes('0580'), obstacle.affected_organizations.join(','));

  const overview = await call(roadmap, 'GetOverview', {});
  const cell = overview.matrix.find((c) => c.roadmap_item === 'K01' && c.organization_code === '0580');
  check('the overview counts the initiative in the matrix', cell && cell.initiatives >= 1);
  check('the overview counts the open obstacle', overview.obstacle_reach.some((r) => r.category.code === 'tillit' && r.open >= 1));

  try {
    await call(initiatives, 'ReportProgress', { initiative_id: created.id, progress_percent: 150, status: 'INITIATIVE_STATUS_ON_TRACK' });
    check('an invalid report is rejected', false);
  } catch (e) {
    check('an invalid report answers INVALID_ARGUMENT naming the field', e.code === grpc.status.INVALID_ARGUMENT && e.details.includes('progress_percent'), e.details);
  }

  try {
    await new Promise((resolve, reject) => {
      const stream = roadmap.WatchRoadmap({}, auth(), { deadline: Date.now() + 500 });
      stream.on('data', () => {});
      stream.on('error', reject);
      stream.on('end', resolve);
    });
    check('a deadline ends the watch', false);
  } catch (e) {
    check('a deadline that expires answers DEADLINE_EXCEEDED', e.code === grpc.status.DEADLINE_EXCEEDED, e.details);
  }

  if (failures.length) {
    console.log(`FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('grpc-js scenario passed');
  process.exit(0);
}

main().catch((e) => { console.log(`FAIL ${e.stack ?? e}`); process.exit(1); });
