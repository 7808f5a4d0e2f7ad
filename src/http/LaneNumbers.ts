/**
 * Hands out connection lane numbers (see ConnectionLanes) to the batches of requests of one
 * component: the lowest free ones, so that a batch after another reuses its kept-alive
 * connections, while batches that overlap get lanes of their own and never queue behind each
 * other's requests.
 */
export class LaneNumbers {
  /** Numbers given back, highest first (pop() takes the lowest). */
  private readonly free: number[] = [];
  private next = 0;

  take(count: number): number[] {
    const lanes: number[] = [];
    while (lanes.length < count) lanes.push(this.free.length > 0 ? this.free.pop()! : this.next++);
    return lanes;
  }

  give(lanes: readonly number[]): void {
    this.free.push(...lanes);
    this.free.sort((a, b) => b - a);
  }
}
