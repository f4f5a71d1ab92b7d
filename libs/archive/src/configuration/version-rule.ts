import type { VersionRules } from '@mbd/events';

/** The version rule of one distribution, placeholders filled in (mini-buildd `Layout` + `Source.codeversion`). */
export interface VersionRule {
  /** Matched unanchored against the whole version, like mini-buildd's `re.search`. */
  readonly mandatoryRegex: string;
  /** What ports append or substitute, e.g. `~test12+1`, `~test12+0` in experimental suites. */
  readonly defaultVersion: string;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const fill = (template: string, identity: string, codeversion: string, escape: (text: string) => string): string =>
  template.replaceAll('%IDENTITY%', escape(identity)).replaceAll('%CODEVERSION%', escape(codeversion));

export const versionRuleOf = (rules: VersionRules, identity: string, codeversion: string, experimental: boolean): VersionRule => ({
  mandatoryRegex: fill(experimental ? rules.experimentalMandatoryVersionRegex : rules.mandatoryVersionRegex, identity, codeversion, escapeRegex),
  defaultVersion: fill(experimental ? rules.experimentalDefaultVersion : rules.defaultVersion, identity, codeversion, (text) => text),
});

export const satisfiesVersionRule = (rule: VersionRule, version: string): boolean => new RegExp(rule.mandatoryRegex).test(version);
