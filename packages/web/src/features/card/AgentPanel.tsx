import { useState, type FormEvent } from 'react';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { type AgentSettings, DEFAULT_AGENT_URL, validateAgentSettings } from './agentSettings';
import type { AgentState } from './cardReaderState';

function AgentStatus({ agent }: { agent: AgentState }) {
  switch (agent.status) {
    case 'idle':
      return <Badge>未接続</Badge>;
    case 'connecting':
      return <Badge tone="notice">接続しています…</Badge>;
    case 'connected':
      return <Badge tone="positive">接続中</Badge>;
    case 'failed':
      return <Badge tone="negative">接続できません</Badge>;
  }
}

function SettingsForm({ initial, onSave }: { initial: AgentSettings | null; onSave: (settings: AgentSettings) => void }) {
  const [url, setUrl] = useState(initial?.url ?? DEFAULT_AGENT_URL);
  const [pairingToken, setPairingToken] = useState(initial?.pairingToken ?? '');
  const [errors, setErrors] = useState<{ url?: string; pairingToken?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateAgentSettings({ url, pairingToken });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    onSave(checked.settings);
  };
  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
      <TextField
        label="カード読み取りアプリのアドレス"
        name="agentUrl"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
        autoComplete="off"
        spellCheck={false}
        required
      />
      <TextField
        label="ペアリングトークン"
        name="pairingToken"
        hint="カード読み取りアプリの起動時に表示されます。この端末に保存されるので、入力は端末ごとに1回です。"
        value={pairingToken}
        onChange={(e) => setPairingToken(e.target.value)}
        error={errors.pairingToken}
        autoComplete="off"
        spellCheck={false}
        required
      />
      <Button type="submit" variant="secondary" size="sm" className="self-start">
        保存して接続する
      </Button>
    </form>
  );
}

export interface AgentPanelProps {
  agent: AgentState;
  settings: AgentSettings | null;
  /** In the demo the address and token come from the server; nothing to enter. */
  demo: boolean;
  onReconnect: () => void;
  onSaveSettings: (settings: AgentSettings) => void;
  /** Demo only, after settings were typed in: back to the server's address and token. */
  onUseDemoSettings?: (() => void) | undefined;
}

/** The reader's connection: state, what went wrong and how to fix it, and the pairing settings. */
export function AgentPanel({ agent, settings, demo, onReconnect, onSaveSettings, onUseDemoSettings }: AgentPanelProps) {
  const needsSettings = !demo && settings === null;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <AgentStatus agent={agent} />
        {agent.status === 'connected' ? <span className="text-std-16N-170 text-solid-gray-800">{agent.readerName ?? 'カードリーダーが見つかりません'}</span> : null}
      </div>
      {agent.status === 'failed' ? (
        <Alert variant="error" title={agent.problem.title}>
          <p>{agent.problem.message}</p>
          {agent.problem.hint ? <p className="mt-1">{agent.problem.hint}</p> : null}
        </Alert>
      ) : null}
      {needsSettings ? (
        <Alert variant="info" title="この端末はまだペアリングされていません">
          カード読み取りアプリのアドレスとペアリングトークンを入力してください。
        </Alert>
      ) : null}
      {(agent.status === 'failed' || agent.status === 'idle') && settings !== null ? (
        <Button variant="primary" size="sm" className="self-start" onClick={onReconnect}>
          接続する
        </Button>
      ) : null}
      {demo && onUseDemoSettings ? (
        <div className="flex flex-col gap-2">
          <p className="text-std-16N-170 text-solid-gray-700">入力した接続先を使っています。</p>
          <Button variant="secondary" size="sm" className="self-start" onClick={onUseDemoSettings}>
            デモ用カードリーダーの接続先に戻す
          </Button>
        </div>
      ) : demo ? (
        <p className="text-std-16N-170 text-solid-gray-700">デモ用カードリーダーに自動で接続します（アドレスとペアリングトークンはサーバーから受け取ります）。</p>
      ) : null}
      {needsSettings ? (
        <SettingsForm initial={settings} onSave={onSaveSettings} />
      ) : (
        <details className="rounded-8 border border-solid-gray-200 p-3">
          <summary className="flex min-h-11 cursor-pointer items-center text-std-16B-170 text-key-900 underline underline-offset-4">接続の設定</summary>
          <div className="mt-3">
            <SettingsForm initial={settings} onSave={onSaveSettings} />
          </div>
        </details>
      )}
    </div>
  );
}
