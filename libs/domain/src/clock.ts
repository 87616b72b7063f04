/** The time, passed in: the domain never reads the system clock; jobs get a clock as a dependency. */
export interface Clock {
  now(): Date;
}
