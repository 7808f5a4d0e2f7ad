export { MarathonSimulator, type ListeningAddress } from './MarathonSimulator.js';
export { DEFAULT_OPTIONS, resolveOptions, type SimulatorOptions } from './SimulatorOptions.js';
export type { SimulatedState } from './SimulatedState.js';
export type { DeploymentEngine } from './DeploymentEngine.js';
export type { Deployment } from './Deployment.js';
