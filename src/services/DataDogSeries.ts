/** One series of a DataDog v1 `/api/v1/series` submission. */
export interface DataDogSeries {
  metric: string;
  /** `[epoch seconds, value]` pairs. */
  points: Array<[number, number]>;
  tags: string[];
  host: string;
}
