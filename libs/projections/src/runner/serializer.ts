/**
 * Runs async tasks one after another. better-sqlite3 gives TypeORM a single connection, where a second
 * transaction would nest as a savepoint and a read would see uncommitted rows; so the read models'
 * writes and reads take turns.
 */
export class Serializer {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
