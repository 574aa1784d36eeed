// Slack's Socket Mode endpoint, faked: a WebSocket server that says hello, delivers envelopes (slash
// commands, interactions) and collects the app's acks, the way Slack's own does.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './fake-slack.js';

interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  private readonly acks = new Map<string, (ack: Ack) => void>();
  private socket: WebSocket | null = null;
  private connectedResolve!: () => void;
  /** Resolves once an app has connected and been greeted. */
  readonly connected = new Promise<void>((resolve) => {
    this.connectedResolve = resolve;
  });

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => this.onMessage(String(data)));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' } }));
      this.connectedResolve();
    });
  }

  static async start(slack: FakeSlack): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const fake = new FakeSocketMode(server);
    slack.socketModeUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
    return fake;
  }

  /** Delivers a slash command and resolves with the app's ack (its response payload, if any). */
  sendSlashCommand(command: Record<string, string>): Promise<Ack> {
    return this.deliver('slash_commands', command);
  }

  private deliver(type: string, payload: Record<string, unknown>): Promise<Ack> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('no Socket Mode client connected'));
    const envelopeId = randomUUID();
    const acked = new Promise<Ack>((resolve) => this.acks.set(envelopeId, resolve));
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
    return acked;
  }

  private onMessage(text: string): void {
    const ack = JSON.parse(text) as Ack;
    this.acks.get(ack.envelope_id)?.(ack);
    this.acks.delete(ack.envelope_id);
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
