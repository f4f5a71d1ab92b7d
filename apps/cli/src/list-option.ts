/**
 * A list option of commander, repeated or comma-separated as mini-buildd takes lists
 * (`-C bookworm -C trixie`, `-C bookworm,trixie`): pass it as the option's parser.
 */
export const collectList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(/[,\s]+/).filter((item) => item !== '')];
