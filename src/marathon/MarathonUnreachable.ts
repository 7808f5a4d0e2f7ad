/** Marathon could not be reached at all: there is nothing a cleanup task can do. */
export class MarathonUnreachable extends Error {}
