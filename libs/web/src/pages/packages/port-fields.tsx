/** The fields mini-buildd's `port` and `port_ext` share: the target distributions, `--version` and `--options`. */
export function PortFields({ targets, checked = [], legend }: { readonly targets: readonly string[]; readonly checked?: readonly string[]; readonly legend: string }) {
  return (
    <>
      <fieldset>
        <legend>{legend}</legend>
        {targets.map((target) => (
          <label>
            <input type="checkbox" name="to" value={target} checked={checked.includes(target)} /> {target}
          </label>
        ))}
      </fieldset>
      <label>
        Version (optional: the port version rules choose one)
        <input type="text" name="version" maxlength={200} autocomplete="off" />
      </label>
      <label>
        Upload options (optional, <code>|</code> between them; default <code>lintian-mode=ignore</code>)
        <input type="text" name="options" maxlength={5000} placeholder="lintian-mode=ignore|deb-build-options=nocheck" autocomplete="off" />
      </label>
    </>
  );
}
