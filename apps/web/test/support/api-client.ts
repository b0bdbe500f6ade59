export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function getJson<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

export async function postScan<T = Record<string, unknown>>(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<JsonResponse<T>> {
  const response = await fetch(`${baseUrl}/api/v1/scans`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

/** Polls `GET /api/v1/scans/<id>` until the scan is done or failed. */
export async function waitForScan(baseUrl: string, id: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getJson(baseUrl, `/api/v1/scans/${id}`);
    if (body.status === "done" || body.status === "failed") return body;
    if (Date.now() > deadline) throw new Error(`scan ${id} did not finish: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface ServerSentEvent {
  event: string;
  data: string;
}

/** Reads a server-sent event stream to its end, calling `onEvent` as each event arrives; returns them all. */
export async function readEvents(
  response: Response,
  onEvent: (event: ServerSentEvent) => Promise<void> | void = () => {},
): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  const reader = (response.body ?? new ReadableStream()).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffer += read.value;
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = block.split("\n").filter((line) => !line.startsWith(":"));
      if (fields.length === 0) continue;
      const event: ServerSentEvent = { event: "message", data: "" };
      for (const line of fields) {
        const [name, ...rest] = line.split(":");
        const value = rest.join(":").replace(/^ /, "");
        if (name === "event") event.event = value;
        if (name === "data") event.data += value;
      }
      events.push(event);
      await onEvent(event);
    }
  }
  return events;
}
