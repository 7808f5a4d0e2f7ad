/**
 * Hands out connection lane numbers (see ConnectionLanes): the lane given back last is taken
 * first, a new number only when none is free. Requests in flight, and batches that overlap,
 * thus never share a lane, and a lane taken again mostly still has its kept-alive connection.
 */
export class LaneNumbers {
  private readonly free: number[] = [];
  private next = 0;

  take(): number {
    return this.free.length > 0 ? this.free.pop()! : this.next++;
  }

  give(lane: number): void {
    this.free.push(lane);
  }
}
