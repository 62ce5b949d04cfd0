// Live updates: GET /api/stream read with fetch() and a streaming reader rather than
// EventSource, because EventSource cannot send the Authorization header. Parses the
// server-sent-events framing (event:, data:, comments, blank line ends an event) and
// reconnects with a growing pause when the stream ends or fails.
import { authHeaders, errorFor, ApiError } from "./api";

export interface ChangedEvent {
  readModel: string;
  version: number;
  changedAt: string;
}

export type StreamStatus = { state: "connecting" } | { state: "live" } | { state: "down"; error: ApiError };

export interface StreamHandlers {
  changed(event: ChangedEvent): void;
  status(status: StreamStatus): void;
  /** Called after a reconnect: changes made while disconnected were missed. */
  reconnected(): void;
}

const STREAM_PATH = "/api/stream";

export function connectStream(handlers: StreamHandlers): () => void {
  const stop = new AbortController();
  let attempt = 0;
  let everConnected = false;

  const run = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      handlers.status({ state: "connecting" });
      try {
        const response = await fetch(STREAM_PATH, { headers: authHeaders("text/event-stream"), signal: stop.signal, cache: "no-store" });
        if (!response.ok || !response.body) throw errorFor(response.status, STREAM_PATH);
        attempt = 0;
        handlers.status({ state: "live" });
        if (everConnected) handlers.reconnected();
        everConnected = true;
        await readEvents(response.body, handlers, stop.signal);
        // The server closed the stream: reconnect after the first pause.
        attempt = 1;
      } catch (error) {
        if (stop.signal.aborted) return;
        attempt++;
        handlers.status({ state: "down", error: error instanceof ApiError ? error : new ApiError("unreachable", STREAM_PATH) });
      }
      // 2 s, 4 s, … up to a minute between attempts.
      await sleep(Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6)), stop.signal);
    }
  };
  void run();
  return () => stop.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser((type, data) => {
    if (type !== "changed") return;
    try {
      handlers.changed(JSON.parse(data) as ChangedEvent);
    } catch {
      // A malformed event is ignored; the next one still counts.
    }
  });
  signal.addEventListener("abort", () => void reader.cancel(), { once: true });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.push(decoder.decode(value, { stream: true }));
  }
}

/** The text/event-stream framing (HTML Living Standard, "Parsing an event stream"). */
export class SseParser {
  private buffer = "";
  private type = "";
  private data: string[] = [];

  constructor(private readonly dispatch: (type: string, data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === "") {
      if (this.data.length) this.dispatch(this.type || "message", this.data.join("\n"));
      this.type = "";
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.type = value;
    else if (field === "data") this.data.push(value);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
