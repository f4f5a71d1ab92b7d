import { describe, expect, it } from 'vitest';
import { parseDebFields } from './deb-fields.js';

describe('parseDebFields', () => {
  it('takes the source from the Source field, with or without a version', () => {
    expect(parseDebFields('Package: hello-data\nVersion: 1.0-2\nSource: hello\n')).toEqual({ package: 'hello-data', version: '1.0-2', source: 'hello', sourceVersion: '1.0-2' });
    expect(parseDebFields('Package: libfoo1\nVersion: 1.0-2+b1\nSource: foo (1.0-2)\n')).toEqual({ package: 'libfoo1', version: '1.0-2+b1', source: 'foo', sourceVersion: '1.0-2' });
  });

  it('falls back to the package name when the Source field is absent (dpkg omits it when equal)', () => {
    expect(parseDebFields('Package: hello\nVersion: 1.0-2\n')).toEqual({ package: 'hello', version: '1.0-2', source: 'hello', sourceVersion: '1.0-2' });
  });
});
