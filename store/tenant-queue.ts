/**
 * Runs the tasks of one tenant one after another (other tenants in
 * parallel), so two saves of a versioned document never claim the same
 * version within this process.
 */
export class TenantQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(tenant: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(tenant) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(tenant, tail);
    // Forget idle tenants, so the map does not grow with every tenant ever seen.
    void tail.then(() => {
      if (this.tails.get(tenant) === tail) this.tails.delete(tenant);
    });
    return result;
  }
}
