/** The REST client of `mbd`: finds the daemon through MBD_URL and authenticates with MBD_TOKEN. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The daemon's reason alone, and the call (`POST /api/…`) that failed: the problem+json `mbd --json` reports. */
    readonly detail?: string,
    readonly instance?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiClient {
  constructor(
    readonly baseUrl = process.env.MBD_URL ?? 'http://127.0.0.1:8066',
    private readonly token = process.env.MBD_TOKEN,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    return url.toString();
  }

  async request<T>(method: string, path: string, options: { query?: Record<string, string | number | undefined>; body?: unknown } = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path, options.query), {
        method,
        headers: this.headers(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      const reason = `cannot reach the mbd daemon at ${this.baseUrl} (set MBD_URL): ${(error as Error).cause ?? (error as Error).message}`;
      throw new ApiError(0, reason, reason, `${method} ${path}`);
    }
    const text = await response.text();
    const body = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const message = typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : text;
      throw new ApiError(response.status, `${method} ${path}: ${response.status} ${message}`, message, `${method} ${path}`);
    }
    return body as T;
  }

  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body: unknown = {}, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.request<T>('POST', path, { body, query });
  }

  async put(path: string, bytes: Uint8Array): Promise<void> {
    const response = await fetch(this.url(path), { method: 'PUT', headers: this.headers({ 'content-type': 'application/octet-stream' }), body: new Blob([new Uint8Array(bytes)]) });
    if (!response.ok) {
      const reason = await response.text();
      throw new ApiError(response.status, `PUT ${path}: ${response.status} ${reason}`, reason, `PUT ${path}`);
    }
  }

  /** Follows a server-sent event stream, resuming with Last-Event-ID after a dropped connection. */
  async *stream(path: string, query: Record<string, string | number | undefined> = {}): AsyncGenerator<{ id?: string; data: string }> {
    let lastId: string | undefined;
    for (;;) {
      const response = await fetch(this.url(path, query), {
        headers: this.headers({ accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) }),
      }).catch(() => undefined);
      if (!response?.ok || !response.body) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: { id?: string; data: string } = { data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) message.id = line.slice(3).trim();
            else if (line.startsWith('data:')) message.data += line.slice(5).trimStart();
          }
          if (message.id) lastId = message.id;
          if (message.data) yield message;
        }
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
