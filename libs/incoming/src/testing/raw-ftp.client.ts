import { connect, type Socket } from 'node:net';

export interface FtpReply {
  readonly code: number;
  readonly text: string;
}

/**
 * A deliberately dumb FTP client for tests: sends exactly the command it is given (no path
 * cleaning), so the server's handling of `..`, absolute paths and refused commands can be checked.
 */
export class RawFtpClient {
  private buffer = '';
  private readonly replies: FtpReply[] = [];
  private waiting: ((reply: FtpReply) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => this.receive(data));
    socket.on('error', () => undefined);
  }

  /** Connects (from `localAddress`, e.g. another loopback address, when given) and reads the greeting. */
  static async connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<{ client: RawFtpClient; greeting: FtpReply }> {
    const socket = connect({ port, host, localAddress });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawFtpClient(socket);
    return { client, greeting: await client.next() };
  }

  /** Connects and logs in anonymously, as dput does. */
  static async login(port: number): Promise<RawFtpClient> {
    const { client } = await RawFtpClient.connect(port);
    const reply = await client.send('USER anonymous');
    if (reply.code !== 230) throw new Error(`anonymous login failed: ${reply.code} ${reply.text}`);
    return client;
  }

  send(command: string): Promise<FtpReply> {
    this.socket.write(`${command}\r\n`);
    return this.next();
  }

  /** PASV, then a data connection to the announced port. */
  async passive(): Promise<Socket> {
    const reply = await this.send('PASV');
    const match = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(reply.text);
    if (reply.code !== 227 || !match) throw new Error(`PASV failed: ${reply.code} ${reply.text}`);
    const port = Number(match[5]) * 256 + Number(match[6]);
    const data = connect(port, `${match[1]}.${match[2]}.${match[3]}.${match[4]}`);
    await new Promise<void>((resolve, reject) => data.once('connect', resolve).once('error', reject));
    data.on('error', () => undefined);
    return data;
  }

  /** STOR over a passive data connection; returns the first and the final reply. */
  async stor(path: string, bytes: Buffer): Promise<{ first: FtpReply; final: FtpReply | undefined }> {
    const { first, data } = await this.startStor(path);
    if (!data) return { first, final: undefined };
    data.end(bytes);
    return { first, final: await this.next() };
  }

  /** Starts a STOR and hands over its data connection (when the server answered 150) to send at will. */
  async startStor(path: string): Promise<{ first: FtpReply; data: Socket | undefined }> {
    const data = await this.passive();
    const first = await this.send(`STOR ${path}`);
    if (first.code === 150) return { first, data };
    data.destroy();
    return { first, data: undefined };
  }

  /** The next reply, solicited or not (a final transfer reply, a 421 before closing). */
  reply(): Promise<FtpReply> {
    return this.next();
  }

  /** Resolves when the server has closed the control connection. */
  closed(): Promise<void> {
    if (this.socket.destroyed || this.socket.readableEnded) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** A transfer command that reads from the server (LIST, NLST, RETR): the replies and the data. */
  async read(command: string): Promise<{ first: FtpReply; final: FtpReply | undefined; data: string }> {
    const data = await this.passive();
    let received = '';
    data.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    const closed = new Promise<void>((resolve) => data.once('close', () => resolve()));
    const first = await this.send(command);
    if (first.code !== 150) {
      data.destroy();
      return { first, final: undefined, data: '' };
    }
    const final = await this.next();
    await closed;
    return { first, final, data: received };
  }

  close(): void {
    this.socket.destroy();
  }

  private next(): Promise<FtpReply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private receive(data: string): void {
    this.buffer += data;
    for (;;) {
      // A reply ends with a line "ddd text"; "ddd-text" lines continue it.
      const end = /^(\d{3}) [^\r\n]*\r\n/m.exec(this.buffer);
      if (!end) return;
      const text = this.buffer.slice(0, end.index + end[0].length);
      this.buffer = this.buffer.slice(end.index + end[0].length);
      const reply = { code: Number(end[1]), text: text.trim() };
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(reply);
      else this.replies.push(reply);
    }
  }
}
