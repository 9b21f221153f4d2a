export { startCardAgent, type AgentLogEvent, type CardAgentOptions, type ReaderTransport, type RunningCardAgent } from './server';
export { createPairingToken } from './pairing';
