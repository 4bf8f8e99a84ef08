<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>hibiki</name>
    <message>
        <source>memory</source>
        <translation>メモリー</translation>
    </message>
    <message>
        <source>The disk is full: new messages are shown but not saved (%1). Free some space and they will be saved.</source>
        <translation>ディスクがいっぱいです。新しいメッセージは表示されますが保存されません (%1)。空き容量を作ると保存されます。</translation>
    </message>
    <message>
        <source>The room&apos;s history file cannot be written (%1): new messages are shown but not saved until it can be written again.</source>
        <translation>ルームの履歴ファイルに書き込めません (%1)。書き込めるようになるまで、新しいメッセージは表示されますが保存されません。</translation>
    </message>
    <message>
        <source>Another program is using the room&apos;s history file (%1): new messages are shown but not saved until it lets go.</source>
        <translation>別のプログラムがルームの履歴ファイルを使用しています (%1)。解放されるまで、新しいメッセージは表示されますが保存されません。</translation>
    </message>
    <message>
        <source>The disk refused to write the room&apos;s history file (%1): new messages are shown but not saved until it can be written again.</source>
        <translation>ディスクがルームの履歴ファイルへの書き込みを拒否しました (%1)。書き込めるようになるまで、新しいメッセージは表示されますが保存されません。</translation>
    </message>
    <message>
        <source>The room&apos;s history file is damaged (%1): new messages are shown but not saved.</source>
        <translation>ルームの履歴ファイルが壊れています (%1)。新しいメッセージは表示されますが保存されません。</translation>
    </message>
    <message>
        <source>The room&apos;s history cannot be saved (%1: %2): new messages are shown but not saved until this is fixed.</source>
        <translation>ルームの履歴を保存できません (%1: %2)。解決するまで、新しいメッセージは表示されますが保存されません。</translation>
    </message>
</context>
<context>
    <name>hibiki::ChatSession</name>
    <message>
        <source>the server refused access (HTTP %1): check the token</source>
        <translation>サーバーがアクセスを拒否しました (HTTP %1)。トークンを確認してください</translation>
    </message>
    <message>
        <source>no chat stream at this address (HTTP 404)</source>
        <translation>このアドレスにはチャットのストリームがありません (HTTP 404)</translation>
    </message>
    <message>
        <source>the server has a problem (HTTP %1)</source>
        <translation>サーバーで問題が起きています (HTTP %1)</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>サーバーの応答: HTTP %1</translation>
    </message>
    <message>
        <source>this address does not send a chat stream</source>
        <translation>このアドレスはチャットのストリームを送っていません</translation>
    </message>
    <message>
        <source>this address does not send a chat stream (it sends %1)</source>
        <translation>このアドレスはチャットのストリームを送っていません (送られてきたのは %1)</translation>
    </message>
    <message>
        <source>%1; a proxy may be buffering the stream</source>
        <translation>%1。プロキシがストリームをバッファしている可能性があります</translation>
    </message>
    <message>
        <source>the server sent more than the size limits allow: %1</source>
        <translation>サーバーがサイズの上限を超えるデータを送りました: %1</translation>
    </message>
    <message>
        <source>the server asked the app to stop connecting</source>
        <translation>サーバーから接続をやめるよう求められました</translation>
    </message>
    <message>
        <source>refused a redirect: %1</source>
        <translation>リダイレクトを拒否しました: %1</translation>
    </message>
    <message>
        <source>gave up reconnecting: %1</source>
        <translation>再接続をあきらめました: %1</translation>
    </message>
    <message>
        <source>messages sent while the connection was down may be missing: this server cannot send them again</source>
        <translation>接続が切れている間に送られたメッセージが欠けている可能性があります。このサーバーはそれらを再送できません</translation>
    </message>
    <message>
        <source>paused: %1 messages are waiting to be saved</source>
        <translation>一時停止中: %1 件のメッセージが保存を待っています</translation>
    </message>
    <message>
        <source>This room&apos;s certificate changed since you joined. Its host may have made a new one, or someone may be intercepting the connection: ask its host before you trust the new one.</source>
        <translation>参加したときからこのルームの証明書が変わりました。ホストが新しく作ったのかもしれませんが、誰かが通信を傍受している可能性もあります。新しい証明書を信頼する前にホストに確認してください。</translation>
    </message>
</context>
<context>
    <name>hibiki::ChatView</name>
    <message>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Jump to the newest messages</source>
        <translation>最新のメッセージへ移動</translation>
    </message>
    <message>
        <source>1 new message ↓</source>
        <translation>新着メッセージ 1 件 ↓</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages ↓</source>
        <translation>
            <numerusform>新着メッセージ %n 件 ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Open Link</source>
        <translation>リンクを開く(&amp;O)</translation>
    </message>
    <message>
        <source>Copy &amp;Link Address</source>
        <translation>リンクのアドレスをコピー(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Copy Text</source>
        <translation>テキストをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy &amp;Selected Messages</source>
        <translation>選択したメッセージをコピー(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Retry Sending</source>
        <translation>再送信(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>破棄(&amp;D)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>すべて選択(&amp;A)</translation>
    </message>
    <message>
        <source>Jump to &amp;Newest</source>
        <translation>最新へ移動(&amp;N)</translation>
    </message>
    <message>
        <source>The conversation, oldest at the top. Press End for the newest message, Home for the oldest, Ctrl+C to copy the selected messages.</source>
        <translation>会話（古いものが上）。End キーで最新のメッセージへ、Home キーで最も古いメッセージへ、Ctrl+C で選択したメッセージをコピーします。</translation>
    </message>
    <message>
        <source>Position in the conversation</source>
        <translation>会話の中の位置</translation>
    </message>
    <message>
        <source>Message of %1</source>
        <translation>%1 のメッセージ</translation>
    </message>
    <message>
        <source>Message from %1, %2</source>
        <translation>%1 からのメッセージ (%2)</translation>
    </message>
    <message>
        <source>Show &amp;Whole Message…</source>
        <translation>メッセージ全体を表示(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Retry Now</source>
        <translation>今すぐ再試行(&amp;R)</translation>
    </message>
</context>
<context>
    <name>hibiki::CommandLine</name>
    <message>
        <source>hibiki: &apos;%1&apos; is not a port number (0-65535).</source>
        <translation>hibiki: &apos;%1&apos; はポート番号（0〜65535）ではありません。</translation>
    </message>
    <message>
        <source>Hibiki: a desktop chat client for Server-Sent Events chat rooms.
Without options it opens the rooms you configured, or on the first run hosts a room on this computer so that you can chat at once.</source>
        <translation>Hibiki: Server-Sent Events のチャットルーム用デスクトップクライアント。
オプションなしでは設定済みのルームを開きます。初回起動時はこのコンピューターでルームをホストするので、すぐにチャットを始められます。</translation>
    </message>
    <message>
        <source>Open the room at URL: a Hibiki room&apos;s address (http://127.0.0.1:8787) or any event stream URL.</source>
        <translation>URL のルームを開く: Hibiki ルームのアドレス（http://127.0.0.1:8787）または任意のイベントストリームの URL。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Open the configured room called NAME.</source>
        <translation>NAME という名前の設定済みルームを開く。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Chat as NAME in every room (this run only).</source>
        <translation>すべてのルームで NAME としてチャットする（今回の起動のみ）。</translation>
    </message>
    <message>
        <source>Host a room on this computer (loopback only) and open it; an optional PORT follows (default 8787, 0 for any free port).</source>
        <translation>このコンピューターでルームをホストして開く（ループバックのみ）。続けて PORT を指定可能（既定 8787、0 は空いている任意のポート）。</translation>
    </message>
    <message>
        <source>Use the language CODE (for example en or ja) instead of the system&apos;s.</source>
        <translation>システムの言語の代わりに言語 CODE（例: en、ja）を使う。</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>hibiki: %1
Try &apos;hibiki --help&apos; for more information.</source>
        <translation>hibiki: %1
詳しくは &apos;hibiki --help&apos; を実行してください。</translation>
    </message>
    <message>
        <source>hibiki: unexpected argument &apos;%1&apos;.
Try &apos;hibiki --help&apos; for more information.</source>
        <translation>hibiki: 予期しない引数 &apos;%1&apos; です。
詳しくは &apos;hibiki --help&apos; を実行してください。</translation>
    </message>
    <message>
        <source>hibiki: --profile needs the name of a room.</source>
        <translation>hibiki: --profile にはルーム名が必要です。</translation>
    </message>
    <message>
        <source>hibiki: &apos;%1&apos; cannot be a user name.</source>
        <translation>hibiki: &apos;%1&apos; はユーザー名に使えません。</translation>
    </message>
    <message>
        <source>hibiki: --lang needs a language code such as en or ja.</source>
        <translation>hibiki: --lang には en や ja などの言語コードが必要です。</translation>
    </message>
    <message>
        <source>hibiki: &apos;%1&apos; cannot be opened. %2
Give an http:// or https:// URL, for example http://127.0.0.1:8787</source>
        <translation>hibiki: &apos;%1&apos; は開けません。%2
http:// または https:// の URL を指定してください（例: http://127.0.0.1:8787）</translation>
    </message>
    <message>
        <source>An invite link (hibiki://join?…) to join: the room is added and opened, in the Hibiki that is already running if there is one.</source>
        <translation>参加する招待リンク（hibiki://join?…）。ルームを追加して開きます。Hibiki がすでに起動していれば、そちらで開きます。</translation>
    </message>
    <message>
        <source>[LINK]</source>
        <translation>[LINK]</translation>
    </message>
    <message>
        <source>hibiki: %1</source>
        <translation>hibiki: %1</translation>
    </message>
    <message>
        <source>hibiki: unexpected argument &apos;%1&apos;: only an invite link (hibiki://join?…) can be given without an option; open a room&apos;s address with --server.
Try &apos;hibiki --help&apos; for more information.</source>
        <translation>hibiki: 予期しない引数 &apos;%1&apos; です。オプションなしで指定できるのは招待リンク（hibiki://join?…）だけです。ルームのアドレスは --server で開いてください。
詳しくは &apos;hibiki --help&apos; を実行してください。</translation>
    </message>
    <message>
        <source>hibiki: give one invite link at a time.</source>
        <translation>hibiki: 招待リンクは一度に 1 つだけ指定してください。</translation>
    </message>
</context>
<context>
    <name>hibiki::ComposeCompleter</name>
    <message>
        <source>Suggestions</source>
        <translation>候補</translation>
    </message>
</context>
<context>
    <name>hibiki::ComposeEdit</name>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Up recalls your last message. Tab or @ completes a name, : an emoji.</source>
        <translation>Enter で送信、Shift+Enter で改行、↑ キーで直前のメッセージを呼び出します。Tab か @ で名前を、: で絵文字を補完します。</translation>
    </message>
</context>
<context>
    <name>hibiki::ConnectionBanner</name>
    <message>
        <source>Connection status</source>
        <translation>接続状態</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続しました</translation>
    </message>
    <message>
        <source>Reconnecting (attempt %1)…</source>
        <translation>再接続中（%1 回目）…</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n s (attempt %1)</source>
        <translation>
            <numerusform>%n 秒後に再接続します（%1 回目）</numerusform>
        </translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>切断されました</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>切断されました: %1</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>今すぐ再試行</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Trust Certificate…</source>
        <translation>証明書を信頼…</translation>
    </message>
    <message>
        <source>Trust this server&apos;s certificate</source>
        <translation>このサーバーの証明書を信頼する</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1 に接続中…</translation>
    </message>
    <message>
        <source>Connected via %1</source>
        <translation>%1 経由で接続しました</translation>
    </message>
    <message>
        <source>Moved to %1</source>
        <translation>%1 に移りました</translation>
    </message>
    <message>
        <source>Moving to %1 (attempt %2)…</source>
        <translation>%1 に移動中（%2 回目）…</translation>
    </message>
    <message numerus="yes">
        <source>Moving to %1 in %n s (attempt %2)</source>
        <translation>
            <numerusform>%n 秒後に %1 へ移ります（%2 回目）</numerusform>
        </translation>
    </message>
    <message>
        <source>History cannot be saved</source>
        <translation>履歴を保存できません</translation>
    </message>
    <message>
        <source>History cannot be saved. %1 Messages are kept in memory until it can.</source>
        <translation>履歴を保存できません。%1 保存できるようになるまで、メッセージはメモリーに保持されます。</translation>
    </message>
</context>
<context>
    <name>hibiki::ConnectionTester</name>
    <message numerus="yes">
        <source>The server did not answer within %n s.</source>
        <translation>
            <numerusform>サーバーが %n 秒以内に応答しませんでした。</numerusform>
        </translation>
    </message>
    <message>
        <source>The server sends visitors on to %1. Use that address instead.</source>
        <translation>サーバーは %1 へ転送しています。そちらのアドレスを使ってください。</translation>
    </message>
    <message>
        <source>The server answered, but with a page instead of a stream of messages. Is this the room&apos;s address?</source>
        <translation>サーバーは応答しましたが、メッセージのストリームではなくページが返ってきました。ルームのアドレスで合っていますか？</translation>
    </message>
    <message>
        <source>The server answered with &quot;%1&quot; instead of a stream of messages (text/event-stream). Is this the room&apos;s address?</source>
        <translation>サーバーはメッセージのストリーム（text/event-stream）ではなく「%1」を返しました。ルームのアドレスで合っていますか？</translation>
    </message>
    <message>
        <source>The server opened a stream and closed it at once, without sending anything.</source>
        <translation>サーバーはストリームを開きましたが、何も送らずにすぐ閉じました。</translation>
    </message>
    <message>
        <source>Nothing answers at %1 on port %2. Is the server running, and is the port right?</source>
        <translation>%1 のポート %2 で応答するものがありません。サーバーは起動していますか？ポート番号は正しいですか？</translation>
    </message>
    <message>
        <source>There is no server called &quot;%1&quot;. Check the spelling of the address, and that this computer is online.</source>
        <translation>「%1」というサーバーは見つかりません。アドレスの綴りと、このコンピューターがネットワークにつながっているかを確認してください。</translation>
    </message>
    <message>
        <source>%1 did not answer in time. Is the address right, and is the server reachable from here?</source>
        <translation>%1 から時間内に応答がありませんでした。アドレスは正しいですか？ここからサーバーに届きますか？</translation>
    </message>
    <message>
        <source>%1 closed the connection without answering. Does it speak https rather than http (or the other way round)?</source>
        <translation>%1 は応答せずに接続を閉じました。http ではなく https（またはその逆）ではありませんか？</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: its certificate could not be verified (it may be self-signed or for another name). Once the room is added, Trust Certificate… in its banner lets you accept it.</source>
        <translation>%1 への安全な接続に失敗しました。証明書を検証できません（自己署名か、別の名前の証明書かもしれません）。ルームを追加したあと、バナーの「証明書を信頼…」で受け入れられます。</translation>
    </message>
    <message>
        <source>This computer seems to be offline.</source>
        <translation>このコンピューターはオフラインのようです。</translation>
    </message>
    <message>
        <source>The network proxy refused or did not answer; check the system&apos;s proxy settings.</source>
        <translation>ネットワークのプロキシが拒否したか、応答しませんでした。システムのプロキシ設定を確認してください。</translation>
    </message>
    <message>
        <source>Only http:// and https:// addresses can be opened.</source>
        <translation>開けるのは http:// と https:// のアドレスだけです。</translation>
    </message>
    <message>
        <source>The connection to %1 failed (network error %2).</source>
        <translation>%1 への接続に失敗しました（ネットワークエラー %2）。</translation>
    </message>
    <message>
        <source>The server refused access (HTTP %1): the room needs an access token, or the token is wrong.</source>
        <translation>サーバーがアクセスを拒否しました（HTTP %1）。このルームにはアクセストークンが必要か、トークンが間違っています。</translation>
    </message>
    <message>
        <source>The server has nothing at this address (HTTP %1). Check the path, and the kind of server.</source>
        <translation>サーバーのこのアドレスには何もありません（HTTP %1）。パスとサーバーの種類を確認してください。</translation>
    </message>
    <message>
        <source>The server does not send a stream at this address (HTTP %1). Check the path, and the kind of server.</source>
        <translation>サーバーはこのアドレスでストリームを送っていません（HTTP %1）。パスとサーバーの種類を確認してください。</translation>
    </message>
    <message>
        <source>The server is busy or full (HTTP %1); try again in a moment.</source>
        <translation>サーバーが混み合っているか満員です（HTTP %1）。少し待ってからもう一度試してください。</translation>
    </message>
    <message>
        <source>The server has a problem of its own (HTTP %1); try again later.</source>
        <translation>サーバー側で問題が起きています（HTTP %1）。しばらくしてからもう一度試してください。</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 instead of opening a stream of messages.</source>
        <translation>サーバーはメッセージのストリームを開かず、HTTP %1 を返しました。</translation>
    </message>
    <message>
        <source>a Hibiki room</source>
        <translation>Hibiki ルーム</translation>
    </message>
    <message>
        <source>the tutorial&apos;s chat server</source>
        <translation>チュートリアルのチャットサーバー</translation>
    </message>
    <message>
        <source>an nchan channel</source>
        <translation>nchan チャンネル</translation>
    </message>
    <message>
        <source>an event stream</source>
        <translation>イベントストリーム</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %1 with %n messages.</source>
        <translation>
            <numerusform>接続しました: %1（メッセージ %n 件）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1, but none of the %n events it sent is a chat message as this kind of server writes them (event types: %2). Check the kind of server, or how this server speaks.</source>
        <translation>
            <numerusform>%1に接続しましたが、届いた %n 件のイベントはどれも、この種類のサーバーが書くチャットメッセージではありません（イベントの種類: %2）。サーバーの種類か「このサーバーの話し方」を確認してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected: %1 with no messages yet.</source>
        <translation>接続しました: %1（メッセージはまだありません）。</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>ほか %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Here now: %1.</source>
        <translation>いま参加中: %1。</translation>
    </message>
    <message>
        <source>The newest: &quot;%1&quot;</source>
        <translation>最新のメッセージ: 「%1」</translation>
    </message>
    <message>
        <source>The newest, from %1: &quot;%2&quot;</source>
        <translation>最新のメッセージ（%1）: 「%2」</translation>
    </message>
</context>
<context>
    <name>hibiki::EmojiPicker</name>
    <message>
        <source>Emoji</source>
        <translation>絵文字</translation>
    </message>
    <message>
        <source>Search emoji (heart, smile, +1…)</source>
        <translation>絵文字を検索 (heart、smile、+1…)</translation>
    </message>
    <message>
        <source>Search emoji</source>
        <translation>絵文字を検索</translation>
    </message>
    <message>
        <source>Smileys &amp; Emotion</source>
        <translation>スマイリーと感情</translation>
    </message>
    <message>
        <source>People &amp; Body</source>
        <translation>人と体</translation>
    </message>
    <message>
        <source>Animals &amp; Nature</source>
        <translation>動物と自然</translation>
    </message>
    <message>
        <source>Food &amp; Drink</source>
        <translation>食べ物と飲み物</translation>
    </message>
    <message>
        <source>Travel &amp; Places</source>
        <translation>旅行と場所</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>アクティビティ</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>物</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>記号</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>旗</translation>
    </message>
</context>
<context>
    <name>hibiki::EndpointListEdit</name>
    <message>
        <source>More &amp;nodes:</source>
        <translation>ほかのノード(&amp;N):</translation>
    </message>
    <message>
        <source>More nodes</source>
        <translation>ほかのノード</translation>
    </message>
    <message>
        <source>optional: other nginx nodes sharing the channel through Redis, one per line, e.g. https://node-b.example.org</source>
        <translation>任意: Redis でこのチャンネルを共有するほかの nginx ノード。1 行に 1 つ（例: https://node-b.example.org）</translation>
    </message>
    <message>
        <source>When the node in use fails, the room moves to the next one in this list and resumes where it was.</source>
        <translation>使用中のノードが落ちると、ルームはこの一覧の次のノードに移り、続きから再開します。</translation>
    </message>
    <message>
        <source>Node %1 &quot;%2&quot;: %3</source>
        <translation>ノード %1「%2」: %3</translation>
    </message>
</context>
<context>
    <name>hibiki::GlobalSearchDialog</name>
    <message>
        <source>1 match</source>
        <translation>1 件</translation>
    </message>
    <message numerus="yes">
        <source>%n matches</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>1 room</source>
        <translation>1 ルーム</translation>
    </message>
    <message numerus="yes">
        <source>%n rooms</source>
        <translation>
            <numerusform>%n ルーム</numerusform>
        </translation>
    </message>
    <message>
        <source>Search All Rooms</source>
        <translation>すべてのルームを検索</translation>
    </message>
    <message>
        <source>Search all rooms</source>
        <translation>すべてのルームを検索</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>検索の状況</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>検索結果</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>From</source>
        <translation>送信者</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>%1 — the newest %2 (there are more: more words find fewer)</source>
        <translation>%1 — 新しい順に %2（さらにあります: 語を増やすと絞り込めます）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Searching %1… %2 so far</source>
        <translation>%1 を検索中… これまでに %2</translation>
    </message>
    <message>
        <source>No matches in %1</source>
        <translation>%1 で一致なし</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 で %1</translation>
    </message>
</context>
<context>
    <name>hibiki::HostRoomDialog</name>
    <message>
        <source>Host a Room on This Computer</source>
        <translation>このコンピューターでルームをホスト</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>ルーム名</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>空いている任意のポート</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Room &amp;name:</source>
        <translation>ルーム名(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>あなたの名前(&amp;Y):</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>ポート(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>ホストする(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Let others join (encrypted, with an invite link)</source>
        <translation>他の人の参加を許可する（暗号化、招待リンクで）(&amp;L)</translation>
    </message>
    <message>
        <source>Let others join</source>
        <translation>他の人の参加を許可する</translation>
    </message>
    <message>
        <source>Others on your network join with the room&apos;s invite link (Room → Invite People…). Anyone who has the link can read and post in this room: share it only with the people you invite. The connection is encrypted, and New Link replaces a link that went too far.</source>
        <translation>ネットワーク上の他の人は、ルームの招待リンク（ルーム → 招待…）で参加します。リンクを持っている人は誰でもこのルームを読んで投稿できるので、招待する人にだけ渡してください。通信は暗号化されます。リンクが広まりすぎたときは「新しいリンク」で置き換えられます。</translation>
    </message>
    <message>
        <source>The room runs inside Hibiki while it is open. Without “Let others join”, only this computer can join it.</source>
        <translation>ルームは Hibiki を開いている間、Hibiki の中で動きます。「他の人の参加を許可する」をオンにしないと、このコンピューターからしか参加できません。</translation>
    </message>
    <message>
        <source>Hosted Room Settings</source>
        <translation>ホスト中のルームの設定</translation>
    </message>
    <message>
        <source>Hibiki hosts one room at a time; these are the settings of “%1”, which runs inside Hibiki while it is open. Without “Let others join”, only this computer can join it.</source>
        <translation>Hibiki がホストできるルームは一度に 1 つです。これは「%1」の設定です。ルームは Hibiki を開いている間、Hibiki の中で動きます。「他の人の参加を許可する」をオンにしないと、このコンピューターからしか参加できません。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
</context>
<context>
    <name>hibiki::HostedRoom</name>
    <message>
        <source>port %1 is already in use on this computer</source>
        <translation>このコンピューターではポート %1 がすでに使われています</translation>
    </message>
    <message>
        <source>port %1 may only be used by the administrator</source>
        <translation>ポート %1 は管理者しか使えません</translation>
    </message>
    <message>
        <source>this computer has no address %1</source>
        <translation>このコンピューターにはアドレス %1 がありません</translation>
    </message>
    <message>
        <source>port %1 cannot be opened: %2</source>
        <translation>ポート %1 を開けません: %2</translation>
    </message>
    <message>
        <source>the room needs no token</source>
        <translation>このルームにはトークンがありません</translation>
    </message>
</context>
<context>
    <name>hibiki::InviteCard</name>
    <message>
        <source>&amp;Copy Link</source>
        <translation>リンクをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;New Link…</source>
        <translation>新しいリンク(&amp;N)…</translation>
    </message>
    <message>
        <source>Hosted Room &amp;Settings…</source>
        <translation>ホスト中のルームの設定(&amp;S)…</translation>
    </message>
    <message>
        <source>Invite people</source>
        <translation>招待</translation>
    </message>
    <message>
        <source>Address in the link</source>
        <translation>リンクに入れるアドレス</translation>
    </message>
    <message>
        <source>This computer has several addresses: choose the one on the network of the people you invite.</source>
        <translation>このコンピューターには複数のアドレスがあります。招待する人がいるネットワークのアドレスを選んでください。</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>アドレス(&amp;A):</translation>
    </message>
    <message>
        <source>Invite link</source>
        <translation>招待リンク</translation>
    </message>
    <message>
        <source>Copy the invite link</source>
        <translation>招待リンクをコピー</translation>
    </message>
    <message>
        <source>Make a new invite link</source>
        <translation>新しい招待リンクを作る</translation>
    </message>
    <message>
        <source>A new link replaces this one: whoever joined with it is disconnected until they get the new one.</source>
        <translation>新しいリンクはこのリンクを置き換えます。このリンクで参加した人は、新しいリンクを受け取るまで切断されます。</translation>
    </message>
    <message>
        <source>“%1” is not hosted here</source>
        <translation>「%1」はここでホストされていません</translation>
    </message>
    <message>
        <source>Another program uses its port, so nobody can join it here. Choose another port in Room → Hosted Room Settings…</source>
        <translation>別のプログラムがそのポートを使っているため、ここでは誰も参加できません。ルーム → ホスト中のルームの設定… で別のポートを選んでください。</translation>
    </message>
    <message>
        <source>Only this computer can join “%1”</source>
        <translation>「%1」にはこのコンピューターからしか参加できません</translation>
    </message>
    <message>
        <source>Only this computer can join. To invite someone, turn on “Let others join” in Room → Hosted Room Settings…</source>
        <translation>このコンピューターからしか参加できません。誰かを招待するには、ルーム → ホスト中のルームの設定… で「他の人の参加を許可する」をオンにしてください。</translation>
    </message>
    <message>
        <source>Invite people to “%1”</source>
        <translation>「%1」に招待する</translation>
    </message>
    <message>
        <source>This computer is on no network others could reach right now. Connect it to one; the link appears here.</source>
        <translation>このコンピューターは今、他の人が届くネットワークにつながっていません。ネットワークにつなぐと、ここにリンクが表示されます。</translation>
    </message>
    <message>
        <source>Send this link to the people you invite, or let them scan the code. Anyone who has it can read and post in this room; the connection is encrypted.</source>
        <translation>招待する人にこのリンクを送るか、コードを読み取ってもらってください。リンクを持っている人は誰でもこのルームを読んで投稿できます。通信は暗号化されます。</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>コピーしました ✓</translation>
    </message>
    <message>
        <source>New Invite Link</source>
        <translation>新しい招待リンク</translation>
    </message>
    <message>
        <source>Make a new link for “%1”? Everyone who joined with the current link is disconnected and needs the new one. This computer stays in the room.</source>
        <translation>「%1」の新しいリンクを作りますか？ 今のリンクで参加した人は全員切断され、新しいリンクが必要になります。このコンピューターはルームに残ります。</translation>
    </message>
    <message>
        <source>Make New Link</source>
        <translation>新しいリンクを作る</translation>
    </message>
</context>
<context>
    <name>hibiki::InviteDialog</name>
    <message>
        <source>Invite People</source>
        <translation>招待</translation>
    </message>
</context>
<context>
    <name>hibiki::InviteLink</name>
    <message>
        <source>This is not a Hibiki invite link: those start with hibiki://join?</source>
        <translation>これは Hibiki の招待リンクではありません。招待リンクは hibiki://join? で始まります。</translation>
    </message>
    <message>
        <source>This invite link is too long to be one; check what you pasted.</source>
        <translation>招待リンクにしては長すぎます。貼り付けた内容を確認してください。</translation>
    </message>
    <message>
        <source>This invite link contains a space: it may have been cut over two lines. Copy it again in one piece.</source>
        <translation>この招待リンクには空白が含まれています。2 行に分かれてしまったのかもしれません。1 つながりのままもう一度コピーしてください。</translation>
    </message>
    <message>
        <source>This invite link is damaged: it should look like hibiki://join?url=…&amp;name=…. Ask for the link again.</source>
        <translation>この招待リンクは壊れています。hibiki://join?url=…&amp;name=… の形のはずです。リンクをもう一度もらってください。</translation>
    </message>
    <message>
        <source>This invite link is damaged: it names &quot;%1&quot; twice.</source>
        <translation>この招待リンクは壊れています。「%1」が 2 回出てきます。</translation>
    </message>
    <message>
        <source>This invite link has no room address (url=…). Ask for the link again.</source>
        <translation>この招待リンクにはルームのアドレス（url=…）がありません。リンクをもう一度もらってください。</translation>
    </message>
    <message>
        <source>The room address in this invite link (%1) is not an http:// or https:// address. Ask for the link again.</source>
        <translation>この招待リンクのルームのアドレス（%1）は http:// や https:// のアドレスではありません。リンクをもう一度もらってください。</translation>
    </message>
    <message>
        <source>The certificate fingerprint in this invite link is damaged (it should be 64 hexadecimal digits). Ask for the link again.</source>
        <translation>この招待リンクの証明書フィンガープリントが壊れています（16 進数 64 桁のはずです）。リンクをもう一度もらってください。</translation>
    </message>
    <message>
        <source>This invite link names a certificate but an unencrypted (http://) address: it was changed. Ask for the link again.</source>
        <translation>この招待リンクは証明書を指定していますが、アドレスが暗号化されていない http:// です。リンクが書き換えられています。リンクをもう一度もらってください。</translation>
    </message>
    <message>
        <source>The access token in this invite link is damaged. Ask for the link again.</source>
        <translation>この招待リンクのアクセストークンが壊れています。リンクをもう一度もらってください。</translation>
    </message>
</context>
<context>
    <name>hibiki::MainWindow</name>
    <message>
        <source>Hibiki</source>
        <translation>Hibiki</translation>
    </message>
    <message>
        <source>%1 — Hibiki</source>
        <translation>%1 — Hibiki</translation>
    </message>
</context>
<context>
    <name>hibiki::MemberListModel</name>
    <message>
        <source>Here now</source>
        <translation>参加中</translation>
    </message>
    <message>
        <source>Recently active</source>
        <translation>最近の発言者</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (あなた)</translation>
    </message>
    <message>
        <source>here now</source>
        <translation>参加中</translation>
    </message>
    <message>
        <source>last wrote %1</source>
        <translation>最後の発言 %1</translation>
    </message>
    <message>
        <source>Last message: %1</source>
        <translation>最後のメッセージ: %1</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>たった今</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 時間前</numerusform>
        </translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨日</translation>
    </message>
</context>
<context>
    <name>hibiki::MemberListPanel</name>
    <message>
        <source>People</source>
        <translation>メンバー</translation>
    </message>
    <message>
        <source>This server does not say who is online: these are the people who wrote lately.</source>
        <translation>このサーバーは誰がオンラインかを知らせません。最近発言した人を表示しています。</translation>
    </message>
    <message>
        <source>People in this room</source>
        <translation>このルームのメンバー</translation>
    </message>
    <message>
        <source>Enter or double-click mentions the person.</source>
        <translation>Enter またはダブルクリックでその人へのメンションを入力します。</translation>
    </message>
    <message numerus="yes">
        <source>People · %n here</source>
        <translation>
            <numerusform>メンバー · %n 人が参加中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n here now</source>
        <translation>
            <numerusform>%n 人が参加中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Show people (Ctrl+Shift+M)</source>
        <translation>メンバーを表示 (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Hide people (Ctrl+Shift+M)</source>
        <translation>メンバーを隠す (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>Show people</source>
        <translation>メンバーを表示</translation>
    </message>
    <message>
        <source>Hide people</source>
        <translation>メンバーを隠す</translation>
    </message>
</context>
<context>
    <name>hibiki::MessageDelegate</name>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>送信されていません。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>送信されていません: %1</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <source>Show less</source>
        <translation>折りたたむ</translation>
    </message>
    <message>
        <source>Show whole message</source>
        <translation>メッセージ全体を表示</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>今すぐ再試行</translation>
    </message>
    <message>
        <source>New messages</source>
        <translation>新着メッセージ</translation>
    </message>
    <message>
        <source>Not sent yet: %1. Next try at %2.</source>
        <translation>まだ送信されていません: %1。次の試行は %2。</translation>
    </message>
    <message>
        <source>Not sent yet: %1</source>
        <translation>まだ送信されていません: %1</translation>
    </message>
</context>
<context>
    <name>hibiki::MessageModel</name>
    <message>
        <source>%1 joined</source>
        <translation>%1 が参加しました</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 が退出しました</translation>
    </message>
    <message>
        <source>Some messages were missed here</source>
        <translation>ここで一部のメッセージを受信できませんでした</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1（%2）: %3</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>誰か</translation>
    </message>
    <message>
        <source>Some messages were missed here: the server no longer keeps them</source>
        <translation>ここで一部のメッセージを受信できませんでした: サーバーにもう残っていません</translation>
    </message>
    <message>
        <source>Some messages may be missing here: the server started over</source>
        <translation>ここで一部のメッセージが抜けている可能性があります: サーバーが最初からやり直しました</translation>
    </message>
</context>
<context>
    <name>hibiki::MessageTextDialog</name>
    <message>
        <source>Message text</source>
        <translation>メッセージの本文</translation>
    </message>
    <message>
        <source>&amp;Copy Message</source>
        <translation>メッセージをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>%1 characters</source>
        <translation>%1 文字</translation>
    </message>
    <message>
        <source>%1 characters, loading… %2 %</source>
        <translation>%1 文字、読み込み中… %2 %</translation>
    </message>
    <message>
        <source>Reading the whole message…</source>
        <translation>メッセージ全体を読み込んでいます…</translation>
    </message>
    <message>
        <source>%1 characters; the first %2 are shown here, Copy Message copies all of them.</source>
        <translation>%1 文字。ここには最初の %2 文字を表示しています。「メッセージをコピー」ですべてコピーできます。</translation>
    </message>
</context>
<context>
    <name>hibiki::NoRoomsPage</name>
    <message>
        <source>Host a Room on This Computer</source>
        <translation>このコンピューターでルームをホスト</translation>
    </message>
    <message>
        <source>Join a Room on a Server…</source>
        <translation>サーバー上のルームに参加…</translation>
    </message>
    <message>
        <source>No rooms yet. Host one on this computer and invite people to it, or join a room: paste its invite link or its address in Join a Room.</source>
        <translation>まだルームがありません。このコンピューターでルームをホストして人を招待するか、ルームに参加してください。参加するには、招待リンクかアドレスを「ルームに参加」に貼り付けます。</translation>
    </message>
</context>
<context>
    <name>hibiki::Notifier</name>
    <message>
        <source>&amp;Show Hibiki</source>
        <translation>Hibiki を表示(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Hibiki</source>
        <translation>Hibiki</translation>
    </message>
    <message numerus="yes">
        <source>Hibiki: %n unread message(s)</source>
        <translation>
            <numerusform>Hibiki: 未読メッセージ %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hibiki::Outbox</name>
    <message>
        <source>The message was not sent because it could not be saved first: %1</source>
        <translation>先に保存できなかったため、メッセージは送信されませんでした: %1</translation>
    </message>
    <message>
        <source>the server did not answer within %1 s</source>
        <translation>サーバーが %1 秒以内に応答しませんでした</translation>
    </message>
</context>
<context>
    <name>hibiki::Profile</name>
    <message>
        <source>Hibiki room</source>
        <translation>Hibiki ルーム</translation>
    </message>
    <message>
        <source>Tutorial chat</source>
        <translation>チュートリアルのチャット</translation>
    </message>
    <message>
        <source>nchan #%1</source>
        <translation>nchan #%1</translation>
    </message>
</context>
<context>
    <name>hibiki::QrCodeWidget</name>
    <message>
        <source>QR code of the invite link</source>
        <translation>招待リンクの QR コード</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomConfigStore</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>%1 is not a room list: %2</source>
        <translation>%1 はルーム一覧ではありません: %2</translation>
    </message>
    <message>
        <source>A room in %1 could not be read: %2</source>
        <translation>%1 のルームを読み込めませんでした: %2</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomDrawer</name>
    <message>
        <source>Rooms</source>
        <translation>ルーム</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomListModel</name>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>未読 %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mention(s)</source>
        <translation>
            <numerusform>メンション %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>muted</source>
        <translation>ミュート中</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomListPlacement</name>
    <message>
        <source>Show the rooms</source>
        <translation>ルーム一覧を表示</translation>
    </message>
    <message>
        <source>Show the rooms (Ctrl+Shift+L)</source>
        <translation>ルーム一覧を表示（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <source>☰ Rooms (%1)</source>
        <translation>☰ ルーム (%1)</translation>
    </message>
    <message>
        <source>☰ Rooms</source>
        <translation>☰ ルーム</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomLock</name>
    <message>
        <source>the lock file %1 could not be created</source>
        <translation>ロックファイル %1 を作成できませんでした</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is open in another Hibiki window; its history is not kept by this one.</source>
        <translation>「%1」は別の Hibiki ウィンドウで開かれています。このウィンドウでは履歴を保存しません。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is open in another Hibiki window (process %2); its history is not kept by this one.</source>
        <translation>「%1」は別の Hibiki ウィンドウ（プロセス %2）で開かれています。このウィンドウでは履歴を保存しません。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is open in Hibiki on the computer %2 (process %3), which shares this history folder; its history is not kept by this window.</source>
        <translation>「%1」は、この履歴フォルダーを共有しているコンピューター %2 の Hibiki（プロセス %3）で開かれています。このウィンドウでは履歴を保存しません。</translation>
    </message>
    <message>
        <source>The history of &quot;%1&quot; is kept in memory only: Hibiki has no permission to write in %2.</source>
        <translation>「%1」の履歴はメモリー上にだけ保持されます: %2 に書き込む権限がありません。</translation>
    </message>
    <message>
        <source>The history of &quot;%1&quot; is kept in memory only: %2 is on a read-only disk.</source>
        <translation>「%1」の履歴はメモリー上にだけ保持されます: %2 は読み取り専用のディスク上にあります。</translation>
    </message>
    <message>
        <source>The history of &quot;%1&quot; is kept in memory only: the disk holding %2 is full.</source>
        <translation>「%1」の履歴はメモリー上にだけ保持されます: %2 のあるディスクがいっぱいです。</translation>
    </message>
    <message>
        <source>The history of &quot;%1&quot; is kept in memory only: Hibiki cannot write in %2 (%3).</source>
        <translation>「%1」の履歴はメモリー上にだけ保持されます: %2 に書き込めません（%3）。</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomNotifications</name>
    <message>
        <source>Someone</source>
        <translation>誰か</translation>
    </message>
    <message>
        <source>%1 mentioned you in %2</source>
        <translation>%2 で %1 があなたをメンションしました</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 の %1</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages in %1</source>
        <translation>
            <numerusform>%1 に新着メッセージ %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hibiki::RoomQuestions</name>
    <message>
        <source>Remove Room</source>
        <translation>ルームを削除</translation>
    </message>
    <message>
        <source>Remove &quot;%1&quot; from your rooms? Its history on this computer is deleted too.</source>
        <translation>「%1」をルームから削除しますか？ このコンピューター上の履歴も削除されます。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Trust This Certificate?</source>
        <translation>この証明書を信頼しますか？</translation>
    </message>
    <message>
        <source>The certificate of %1 cannot be verified: it may be self-signed, or someone may be intercepting the connection.

SHA-256 fingerprint:
%2

Trust it only if it matches the fingerprint the server&apos;s owner gave you. Hibiki will then accept this certificate for &quot;%3&quot;.</source>
        <translation>%1 の証明書を検証できません。自己署名の証明書か、誰かが通信を傍受している可能性があります。

SHA-256 フィンガープリント:
%2

サーバーの管理者から伝えられたフィンガープリントと一致する場合にのみ信頼してください。信頼すると、Hibiki は「%3」でこの証明書を受け入れます。</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>信頼する</translation>
    </message>
    <message>
        <source>Certificate Changed</source>
        <translation>証明書が変わりました</translation>
    </message>
    <message>
        <source>This room&apos;s certificate changed since you joined &quot;%1&quot; (%2).

When you joined:
%3

Now:
%4

If the room&apos;s host made a new certificate, the easiest is to ask them for a new invite link. Trust the new certificate only if its fingerprint is the one the host gives you: otherwise someone may be intercepting the connection.</source>
        <translation>「%1」（%2）に参加したときからこのルームの証明書が変わりました。

参加したとき:
%3

今:
%4

ホストが新しい証明書を作ったのなら、新しい招待リンクをもらうのがいちばん簡単です。新しい証明書は、そのフィンガープリントがホストから伝えられたものと一致する場合にのみ信頼してください。一致しなければ、誰かが通信を傍受している可能性があります。</translation>
    </message>
    <message>
        <source>Trust the New Certificate</source>
        <translation>新しい証明書を信頼する</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomSidePanel</name>
    <message>
        <source>Rooms</source>
        <translation>ルーム</translation>
    </message>
    <message>
        <source>Your rooms, with the number of unread messages.</source>
        <translation>あなたのルームと未読メッセージの数。</translation>
    </message>
    <message>
        <source>Add Room…</source>
        <translation>ルームを追加…</translation>
    </message>
    <message>
        <source>Join a room on a server (Ctrl+N)</source>
        <translation>サーバー上のルームに参加（Ctrl+N）</translation>
    </message>
    <message>
        <source>Add a room</source>
        <translation>ルームを追加</translation>
    </message>
    <message>
        <source>Host…</source>
        <translation>ホスト…</translation>
    </message>
    <message>
        <source>Host a room on this computer</source>
        <translation>このコンピューターでルームをホスト</translation>
    </message>
    <message>
        <source>&amp;Add Room…</source>
        <translation>ルームを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Host a Room on This Computer…</source>
        <translation>このコンピューターでルームをホスト(&amp;H)…</translation>
    </message>
</context>
<context>
    <name>hibiki::RoomWidget</name>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>ルーム %1</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <source>This room is read-only: it has no address to post to.</source>
        <translation>このルームは読み取り専用です（投稿先のアドレスがありません）。</translation>
    </message>
    <message>
        <source>Message %1</source>
        <translation>%1 にメッセージ</translation>
    </message>
    <message>
        <source>Message %1 as %2</source>
        <translation>%2 として %1 にメッセージ</translation>
    </message>
    <message>
        <source>Insert emoji (or type : and a name)</source>
        <translation>絵文字を挿入 (: と名前を入力しても挿入できます)</translation>
    </message>
    <message>
        <source>Insert emoji</source>
        <translation>絵文字を挿入</translation>
    </message>
    <message>
        <source>Message not sent</source>
        <translation>メッセージは送信されていません</translation>
    </message>
    <message>
        <source>Show or Hide People</source>
        <translation>メンバーの表示/非表示</translation>
    </message>
    <message>
        <source>The message could not be saved, so it was not sent.</source>
        <translation>メッセージを保存できなかったため、送信されませんでした。</translation>
    </message>
    <message>
        <source>%1 Your message is still in the box.</source>
        <translation>%1 メッセージは入力欄に残っています。</translation>
    </message>
</context>
<context>
    <name>hibiki::Rooms</name>
    <message>
        <source>Room on this computer</source>
        <translation>このコンピューターのルーム</translation>
    </message>
    <message>
        <source>guest</source>
        <translation>ゲスト</translation>
    </message>
    <message>
        <source>The token of &quot;%1&quot; could not be stored in the keychain (%2); it is used until Hibiki closes.</source>
        <translation>「%1」のトークンをキーチェーンに保存できませんでした（%2）。Hibiki を閉じるまでのみ使います。</translation>
    </message>
    <message>
        <source>The access token of &quot;%1&quot; could not be read from the keychain: %2</source>
        <translation>「%1」のアクセストークンをキーチェーンから読み込めませんでした: %2</translation>
    </message>
    <message>
        <source>The history of &quot;%1&quot; cannot be kept: %2</source>
        <translation>「%1」の履歴を保存できません: %2</translation>
    </message>
    <message>
        <source>Could not host &quot;%1&quot; on port %2 (%3). Joining whatever runs there instead.</source>
        <translation>「%1」をポート %2 でホストできませんでした（%3）。代わりにそこで動いているルームに参加します。</translation>
    </message>
    <message>
        <source>Could not host &quot;%1&quot;: %2</source>
        <translation>「%1」をホストできませんでした: %2</translation>
    </message>
    <message>
        <source>Your rooms could not be saved: %1</source>
        <translation>ルームを保存できませんでした: %1</translation>
    </message>
    <message>
        <source>This invite is no longer valid; ask for a new link.</source>
        <translation>この招待はもう有効ではありません。新しいリンクをもらってください。</translation>
    </message>
    <message>
        <source>The invite token of &quot;%1&quot; could not be stored in the keychain (%2); links given out stop working when Hibiki closes.</source>
        <translation>「%1」の招待トークンをキーチェーンに保存できませんでした（%2）。渡したリンクは Hibiki を閉じると使えなくなります。</translation>
    </message>
    <message>
        <source>No new link for &quot;%1&quot;: %2</source>
        <translation>「%1」の新しいリンクを作れません: %2</translation>
    </message>
</context>
<context>
    <name>hibiki::SearchBar</name>
    <message>
        <source>Search this room</source>
        <translation>このルームを検索</translation>
    </message>
    <message>
        <source>Close search (Esc)</source>
        <translation>検索を閉じる（Esc）</translation>
    </message>
    <message>
        <source>Close search</source>
        <translation>検索を閉じる</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>一致数</translation>
    </message>
    <message>
        <source>Search notice</source>
        <translation>検索のお知らせ</translation>
    </message>
    <message>
        <source>Older match (Enter, F3)</source>
        <translation>古い一致へ（Enter、F3）</translation>
    </message>
    <message>
        <source>Older match</source>
        <translation>古い一致へ</translation>
    </message>
    <message>
        <source>Newer match (Shift+Enter, Shift+F3)</source>
        <translation>新しい一致へ（Shift+Enter、Shift+F3）</translation>
    </message>
    <message>
        <source>Newer match</source>
        <translation>新しい一致へ</translation>
    </message>
    <message>
        <source>That message is no longer stored</source>
        <translation>そのメッセージはもう保存されていません</translation>
    </message>
    <message>
        <source>No more matches</source>
        <translation>これ以上の一致はありません</translation>
    </message>
    <message>
        <source>Wrapped to the first match</source>
        <translation>最初の一致に戻りました</translation>
    </message>
    <message>
        <source>Wrapped to the last match</source>
        <translation>最後の一致に戻りました</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message>
        <source>%1 of %2 so far</source>
        <translation>%1 / %2（検索中）</translation>
    </message>
    <message>
        <source>1 match so far…</source>
        <translation>これまでに 1 件…</translation>
    </message>
    <message numerus="yes">
        <source>%n matches so far…</source>
        <translation>
            <numerusform>これまでに %n 件…</numerusform>
        </translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>一致なし</translation>
    </message>
    <message>
        <source>%1 of %2+</source>
        <translation>%1 / %2+</translation>
    </message>
    <message numerus="yes">
        <source>%n+ matches</source>
        <translation>
            <numerusform>%n+ 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Only the newest %1 matches are counted: more words find fewer.</source>
        <translation>新しい順に %1 件までしか数えません: 語を増やすと絞り込めます。</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 件</translation>
    </message>
    <message numerus="yes">
        <source>%n matches</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hibiki::ServerAddress</name>
    <message>
        <source>The address is empty.</source>
        <translation>アドレスが空です。</translation>
    </message>
    <message>
        <source>The address contains a space; check what you typed.</source>
        <translation>アドレスに空白が含まれています。入力した内容を確認してください。</translation>
    </message>
    <message>
        <source>Addresses that start with &quot;%1://&quot; cannot be opened; use http:// or https://.</source>
        <translation>「%1://」で始まるアドレスは開けません。http:// か https:// を使ってください。</translation>
    </message>
    <message>
        <source>Write two slashes after &quot;http:&quot;, as in http://127.0.0.1:8787.</source>
        <translation>「http:」のあとにはスラッシュを 2 つ書いてください（例: http://127.0.0.1:8787）。</translation>
    </message>
    <message>
        <source>The address has no server name; for example http://127.0.0.1:8787.</source>
        <translation>アドレスにサーバー名がありません。例: http://127.0.0.1:8787</translation>
    </message>
    <message>
        <source>The port (after the &quot;:&quot;) must be a number from 1 to 65535.</source>
        <translation>ポート（「:」のあと）は 1 から 65535 までの数字にしてください。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a server name: a name has only letters, digits, dots and dashes.</source>
        <translation>「%1」はサーバー名ではありません。名前に使えるのは英数字、ドット、ハイフンだけです。</translation>
    </message>
    <message>
        <source>The address contains characters an address cannot have; check what you typed.</source>
        <translation>アドレスに使えない文字が含まれています。入力した内容を確認してください。</translation>
    </message>
    <message>
        <source>This is an invite link, not a room&apos;s address: paste it into Add Room, or open it with: hibiki &quot;LINK&quot;</source>
        <translation>これはルームのアドレスではなく招待リンクです。「ルームを追加」に貼り付けるか、hibiki &quot;LINK&quot; で開いてください。</translation>
    </message>
</context>
<context>
    <name>hibiki::ServerDialog</name>
    <message>
        <source>Add a Room</source>
        <translation>ルームを追加</translation>
    </message>
    <message>
        <source>Hibiki room</source>
        <translation>Hibiki ルーム</translation>
    </message>
    <message>
        <source>Tutorial server</source>
        <translation>チュートリアルのサーバー</translation>
    </message>
    <message>
        <source>nchan channel</source>
        <translation>nchan チャンネル</translation>
    </message>
    <message>
        <source>Other stream (custom)</source>
        <translation>その他のストリーム（カスタム）</translation>
    </message>
    <message>
        <source>Kind of server</source>
        <translation>サーバーの種類</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>for example: lobby</source>
        <translation>例: lobby</translation>
    </message>
    <message>
        <source>How this server speaks</source>
        <translation>このサーバーの話し方</translation>
    </message>
    <message>
        <source>empty: the room is read-only</source>
        <translation>空欄: 読み取り専用のルーム</translation>
    </message>
    <message>
        <source>Post &amp;URL:</source>
        <translation>投稿 URL(&amp;U):</translation>
    </message>
    <message>
        <source>Message &amp;events:</source>
        <translation>メッセージのイベント(&amp;E):</translation>
    </message>
    <message>
        <source>Te&amp;xt field:</source>
        <translation>テキストのフィールド(&amp;X):</translation>
    </message>
    <message>
        <source>T&amp;ime field:</source>
        <translation>時刻のフィールド(&amp;I):</translation>
    </message>
    <message>
        <source>Post &amp;body:</source>
        <translation>投稿の本文(&amp;B):</translation>
    </message>
    <message>
        <source>Post URL</source>
        <translation>投稿 URL</translation>
    </message>
    <message>
        <source>Message event types</source>
        <translation>メッセージのイベントの種類</translation>
    </message>
    <message>
        <source>Text field</source>
        <translation>テキストのフィールド</translation>
    </message>
    <message>
        <source>Author field</source>
        <translation>投稿者のフィールド</translation>
    </message>
    <message>
        <source>Time field</source>
        <translation>時刻のフィールド</translation>
    </message>
    <message>
        <source>Id field</source>
        <translation>ID のフィールド</translation>
    </message>
    <message>
        <source>Post body template</source>
        <translation>投稿の本文のテンプレート</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>ルーム名</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>アクセストークン</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Sent as &quot;Authorization: Bearer &lt;token&gt;&quot;. Kept in the system keychain, never in the settings file.</source>
        <translation>「Authorization: Bearer &lt;トークン&gt;」として送信します。設定ファイルではなく、システムのキーチェーンに保存します。</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>接続をテスト(&amp;T)</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>接続テストの結果</translation>
    </message>
    <message>
        <source>&amp;Kind of server:</source>
        <translation>サーバーの種類(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>アドレス(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>チャンネル(&amp;C):</translation>
    </message>
    <message>
        <source>Room &amp;name:</source>
        <translation>ルーム名(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>あなたの名前(&amp;Y):</translation>
    </message>
    <message>
        <source>Edit Room</source>
        <translation>ルームを編集</translation>
    </message>
    <message>
        <source>stored in the keychain; type to replace</source>
        <translation>キーチェーンに保存済み。入力すると置き換えます</translation>
    </message>
    <message>
        <source>Post URL: %1</source>
        <translation>投稿 URL: %1</translation>
    </message>
    <message>
        <source>The room&apos;s address. Messages stream from /sse and are posted to /messages.</source>
        <translation>ルームのアドレス。メッセージは /sse から届き、/messages に投稿されます。</translation>
    </message>
    <message>
        <source>The tutorial&apos;s chat server: its stream is /sse, messages carry no name.</source>
        <translation>チュートリアルのチャットサーバー: ストリームは /sse で、メッセージに名前はありません。</translation>
    </message>
    <message>
        <source>The nginx server; the channel is read from /sub/&lt;channel&gt; and posted to /pub/&lt;channel&gt;.</source>
        <translation>nginx サーバー。チャンネルは /sub/&lt;チャンネル&gt; から読み、/pub/&lt;チャンネル&gt; に投稿します。</translation>
    </message>
    <message>
        <source>The address of the event stream itself.</source>
        <translation>イベントストリームそのもののアドレス。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation>サーバーのアドレスを入力してください。</translation>
    </message>
    <message>
        <source>Enter the channel&apos;s name.</source>
        <translation>チャンネル名を入力してください。</translation>
    </message>
    <message>
        <source>Give the room a name.</source>
        <translation>ルームに名前を付けてください。</translation>
    </message>
    <message>
        <source>Another room is already called &quot;%1&quot;.</source>
        <translation>「%1」という名前のルームはすでにあります。</translation>
    </message>
    <message>
        <source>Enter the name you chat as.</source>
        <translation>チャットで使う名前を入力してください。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1 に接続中…</translation>
    </message>
    <message>
        <source>Aut&amp;hor field:</source>
        <translation>投稿者のフィールド(&amp;H):</translation>
    </message>
    <message>
        <source>I&amp;d field:</source>
        <translation>ID のフィールド(&amp;D):</translation>
    </message>
    <message>
        <source>Acce&amp;ss token:</source>
        <translation>アクセストークン(&amp;S):</translation>
    </message>
    <message>
        <source>This room is already in your list as &quot;%1&quot;.</source>
        <translation>このルームはすでに「%1」として一覧にあります。</translation>
    </message>
    <message>
        <source>&amp;Open &quot;%1&quot;</source>
        <translation>「%1」を開く(&amp;O)</translation>
    </message>
</context>
<context>
    <name>hibiki::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Every message in other rooms, and mentions of my name</source>
        <translation>ほかのルームのすべてのメッセージと、自分の名前への言及</translation>
    </message>
    <message>
        <source>Only messages that mention my name</source>
        <translation>自分の名前に言及したメッセージだけ</translation>
    </message>
    <message>
        <source>None</source>
        <translation>通知しない</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>テーマ</translation>
    </message>
    <message>
        <source>The system&apos;s</source>
        <translation>システムに従う</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>文字の大きさ</translation>
    </message>
    <message>
        <source>The system&apos;s (%1 pt)</source>
        <translation>システムに従う（%1 pt）</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>&amp;Your name:</source>
        <translation>あなたの名前(&amp;Y):</translation>
    </message>
    <message>
        <source>&amp;Notifications:</source>
        <translation>通知(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>テーマ(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Font size:</source>
        <translation>文字の大きさ(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <source>The name you chat as in every room that has no name of its own. Rooms that use your current name change with it.</source>
        <translation>個別の名前を決めていないすべてのルームで使う、チャットでの名前です。いまの名前を使っているルームも一緒に変わります。</translation>
    </message>
    <message>
        <source>For now you are &quot;%1&quot; everywhere: Hibiki was started with --user.</source>
        <translation>今回は --user を付けて起動したため、どのルームでも「%1」です。</translation>
    </message>
    <message>
        <source>The new language is used the next time Hibiki starts.</source>
        <translation>新しい言語は Hibiki を次に起動したときから使われます。</translation>
    </message>
    <message>
        <source>The language changes the next time Hibiki starts.</source>
        <translation>言語の変更は Hibiki を次に起動したときに反映されます。</translation>
    </message>
    <message>
        <source>This time it was chosen with --lang %1.</source>
        <translation>今回は --lang %1 で指定されています。</translation>
    </message>
</context>
<context>
    <name>hibiki::SingleInstance</name>
    <message>
        <source>cannot make the lock file %1</source>
        <translation>ロックファイル %1 を作れません</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>%1 で待ち受けできません: %2</translation>
    </message>
    <message>
        <source>Hibiki is already running but does not answer (%1).</source>
        <translation>Hibiki はすでに起動していますが、応答がありません（%1）。</translation>
    </message>
    <message>
        <source>Hibiki is already running but did not take the request (%1).</source>
        <translation>Hibiki はすでに起動していますが、要求を受け取りませんでした（%1）。</translation>
    </message>
    <message>
        <source>Hibiki is already running but did not answer (%1).</source>
        <translation>Hibiki はすでに起動していますが、応答がありませんでした（%1）。</translation>
    </message>
    <message>
        <source>The running Hibiki refused the request: %1</source>
        <translation>起動中の Hibiki が要求を拒否しました: %1</translation>
    </message>
</context>
<context>
    <name>hibiki::WindowActions</name>
    <message>
        <source>&amp;Room</source>
        <translation>ルーム(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add Room…</source>
        <translation>ルームを追加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Host a Room on This Computer…</source>
        <translation>このコンピューターでルームをホスト(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Invite People…</source>
        <translation>招待(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Edit Room…</source>
        <translation>ルームを編集(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Mute Notifications</source>
        <translation>通知をミュート(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>切断(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Next Room</source>
        <translation>次のルーム(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Room</source>
        <translation>前のルーム(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;move Room…</source>
        <translation>ルームを削除(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find in Room…</source>
        <translation>ルーム内を検索(&amp;F)…</translation>
    </message>
    <message>
        <source>Find in &amp;All Rooms…</source>
        <translation>すべてのルームを検索(&amp;A)…</translation>
    </message>
    <message>
        <source>Write a &amp;Message</source>
        <translation>メッセージを書く(&amp;M)</translation>
    </message>
    <message>
        <source>Go to the &amp;Room List</source>
        <translation>ルーム一覧へ移動(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Hibiki</source>
        <translation>Hibiki について(&amp;A)</translation>
    </message>
    <message>
        <source>About Hibiki</source>
        <translation>Hibiki について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Hibiki %1&lt;/h3&gt;&lt;p&gt;A desktop chat client for rooms that speak Server-Sent Events: Hibiki rooms, the SSE tutorial&apos;s server, nginx nchan channels and other streams.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Hibiki %1&lt;/h3&gt;&lt;p&gt;Server-Sent Events で話すルームのためのデスクトップチャットクライアント: Hibiki ルーム、SSE チュートリアルのサーバー、nginx の nchan チャンネル、その他のストリーム。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>Hosted Room &amp;Settings…</source>
        <translation>ホスト中のルームの設定(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>hibiki::WindowStatusBar</name>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Hosted rooms</source>
        <translation>ホスト中のルーム</translation>
    </message>
    <message>
        <source>Hosting &quot;%1&quot; at %2</source>
        <translation>「%1」を %2 でホスト中</translation>
    </message>
    <message>
        <source>Room → Invite People… shows the link others join with</source>
        <translation>ルーム → 招待… に、他の人が参加するためのリンクがあります</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>hibiki: %1</source>
        <translation>hibiki: %1</translation>
    </message>
    <message>
        <source>hibiki: there is no room called &apos;%1&apos;: no rooms are configured yet.</source>
        <translation>hibiki: &apos;%1&apos; というルームはありません（まだルームが設定されていません）。</translation>
    </message>
    <message>
        <source>hibiki: there is no room called &apos;%1&apos;. Configured rooms: %2</source>
        <translation>hibiki: &apos;%1&apos; というルームはありません。設定済みのルーム: %2</translation>
    </message>
    <message>
        <source>hibiki: %1 Opening the room here.</source>
        <translation>hibiki: %1 このプロセスでルームを開きます。</translation>
    </message>
    <message>
        <source>hibiki: Hibiki is already running; its window is shown.</source>
        <translation>hibiki: Hibiki はすでに起動しています。そのウィンドウを表示しました。</translation>
    </message>
    <message>
        <source>hibiki: %1 Opening another window.</source>
        <translation>hibiki: %1 別のウィンドウを開きます。</translation>
    </message>
</context>
</TS>
