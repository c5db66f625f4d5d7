export { DemoSimulator, MAX_TICKET_SCALE } from './simulator.ts';
export type { Batch, DemoSimulatorOptions } from './simulator.ts';
export { runDemo, retryAfterMs } from './driver.ts';
export type { DemoProgress, DemoSource, RunDemoOptions } from './driver.ts';
export { arrivalIntensity, addBusinessTime, berlinLocal, isBusinessHours } from './calendar.ts';
export { BAD_MODEL, DEVICE_MODELS, SITES, ORGANIZATIONS, buildFleet } from './fleet.ts';
export type { Device, DeviceModel, Fleet, User } from './fleet.ts';
export { PRIORITIES, QUEUES, CHANNELS } from './catalog.ts';
export { Rng } from './random.ts';
