// A YAML editor (CodeMirror 6: highlighting, line numbers, undo, search) whose problems are the server's own
// diagnostics, shown at their line and column as the text changes: `validate` is called a moment after typing stops
// (POST /api/automations/validate, the same checks a reload makes) and its answer becomes lint marks and a list.
import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'preact/hooks';

export interface Problem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly severity?: 'error' | 'warning' | undefined;
}

/** Where line:column (1-based) falls in the document, clamped to it. */
function offset(view: EditorView, line: number, column: number): number {
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
}

export function YamlEditor(props: {
  text: string;
  onChange: (text: string) => void;
  validate: (text: string) => Promise<readonly Problem[]>;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!host.current) return;
    const check = linter(
      async (v): Promise<Diagnostic[]> => {
        const problems = await latest.current.validate(v.state.doc.toString()).catch(() => []);
        return problems.map((p) => {
          const from = offset(v, p.line, p.column);
          return {
            from,
            to: Math.min(v.state.doc.lineAt(from).to, from + 1) || from,
            severity: p.severity === 'warning' ? 'warning' : 'error',
            message: p.hint ? `${p.message} (${p.hint})` : p.message,
          };
        });
      },
      { delay: 400 },
    );
    view.current = new EditorView({
      doc: props.text,
      parent: host.current,
      extensions: [
        basicSetup,
        yaml(),
        check,
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    return () => view.current?.destroy();
    // the editor is made once; a new text from outside is put in below
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.text)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.text } });
  }, [props.text]);

  return <div class="editor" ref={host} data-testid="yaml-editor" />;
}
