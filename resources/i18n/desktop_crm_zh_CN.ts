<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>App</name>
    <message>
      <source>%1 is encrypted. Passphrase:</source>
      <translation>%1 已加密。请输入口令：</translation>
    </message>
    <message>
      <source>That passphrase does not open %1. Try again:</source>
      <translation>该口令无法打开 %1。请重试：</translation>
    </message>
  </context>
  <context>
    <name>BackupReasons</name>
    <message>
      <source>by hand</source>
      <translation>手动</translation>
    </message>
    <message>
      <source>automatic</source>
      <translation>自动</translation>
    </message>
    <message>
      <source>before undoing an import</source>
      <translation>撤销导入前</translation>
    </message>
    <message>
      <source>before a restore</source>
      <translation>恢复前</translation>
    </message>
    <message>
      <source>before a merge</source>
      <translation>合并前</translation>
    </message>
    <message>
      <source>before an erasure</source>
      <translation>删除个人数据前</translation>
    </message>
    <message>
      <source>before a bulk delete</source>
      <translation>批量删除前</translation>
    </message>
    <message>
      <source>before a retention purge</source>
      <translation>按保留期清理前</translation>
    </message>
    <message>
      <source>before an upgrade</source>
      <translation>升级前</translation>
    </message>
  </context>
  <context>
    <name>BackupsPage</name>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户数</translation>
    </message>
    <message>
      <source>Orders</source>
      <translation>订单数</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>&amp;Back up now</source>
      <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
      <source>Back up &amp;to…</source>
      <translation>备份到(&amp;T)…</translation>
    </message>
    <message>
      <source>&amp;Restore…</source>
      <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
      <source>Restore from a &amp;file…</source>
      <translation>从文件恢复(&amp;F)…</translation>
    </message>
    <message>
      <source>Desktop CRM backs up by itself before every upgrade, restore, undo, merge and erasure, and every 30 minutes while data changes. It keeps today's and yesterday's backups, then one a day for 12 days, one a week for 10 weeks and one a month for 9 months. Every backup is checked before it is kept.</source>
      <translation>Desktop CRM 会在每次升级、恢复、撤销、合并和删除个人数据之前自动备份；数据有变化时每 30 分钟备份一次。保留今天和昨天的全部备份，之后 12 天每天一份、10 周每周一份、9 个月每月一份。每份备份保存前都会校验。</translation>
    </message>
    <message>
      <source>Backup folder: %1</source>
      <translation>备份文件夹：%1</translation>
    </message>
    <message>
      <source>Back up</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Saved and checked: %1</source>
      <translation>已保存并校验：%1</translation>
    </message>
    <message>
      <source>Back up to a folder (a USB stick, a drive…)</source>
      <translation>备份到文件夹（U 盘、移动硬盘等）</translation>
    </message>
    <message>
      <source>Restore from a backup file</source>
      <translation>从备份文件恢复</translation>
    </message>
    <message>
      <source>Desktop CRM databases (*.db);;All files (*)</source>
      <translation>Desktop CRM 数据库 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>It holds %1 customers and %2 orders.</source>
      <translation>其中有 %1 位客户、%2 笔订单。</translation>
    </message>
    <message>
      <source>Replace your current data by the backup of %1?</source>
      <translation>用 %1 的备份替换当前数据？</translation>
    </message>
    <message>
      <source>Your current data is kept as a copy beside the database first.</source>
      <translation>当前数据会先在数据库旁边保留一份副本。</translation>
    </message>
    <message>
      <source>Restored. The data it replaced was kept as %1.</source>
      <translation>已恢复。被替换的数据保存在 %1。</translation>
    </message>
  </context>
  <context>
    <name>CustomerDetailView</name>
    <message>
      <source>Select a customer to see their profile, notes and orders.</source>
      <translation>选择一位客户，查看其资料、备注和订单。</translation>
    </message>
    <message>
      <source>&amp;Edit…</source>
      <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>删除…</translation>
    </message>
    <message>
      <source>&amp;Privacy</source>
      <translation>隐私(&amp;P)</translation>
    </message>
    <message>
      <source>Export all their data…</source>
      <translation>导出其全部数据…</translation>
    </message>
    <message>
      <source>Erase their personal data…</source>
      <translation>删除其个人数据…</translation>
    </message>
    <message>
      <source>Real name</source>
      <translation>真实姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>邮箱</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Accounts</source>
      <translation>平台账号</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>添加时间</translation>
    </message>
    <message>
      <source>&amp;Profile</source>
      <translation>资料(&amp;P)</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Order no.</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>实付</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <source>Items</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>&amp;Orders</source>
      <translation>订单(&amp;O)</translation>
    </message>
    <message>
      <source>Write a note (Ctrl+Enter adds it)</source>
      <translation>写一条备注（Ctrl+Enter 添加）</translation>
    </message>
    <message>
      <source>&amp;Add note</source>
      <translation>添加备注(&amp;A)</translation>
    </message>
    <message>
      <source>No&amp;tes</source>
      <translation>备注(&amp;T)</translation>
    </message>
    <message>
      <source>Ti&amp;meline</source>
      <translation>时间线(&amp;M)</translation>
    </message>
    <message>
      <source>%1 purchases, %2 in total; last on %3</source>
      <translation>共购买 %1 次，合计 %2；最近一次 %3</translation>
    </message>
    <message>
      <source>No purchases yet</source>
      <translation>尚无购买</translation>
    </message>
    <message>
      <source>%1 (masked by the platform)</source>
      <translation>%1（平台已打码）</translation>
    </message>
    <message>
      <source>&amp;Orders (%1)</source>
      <translation>订单(&amp;O)（%1）</translation>
    </message>
  </context>
  <context>
    <name>CustomerDialog</name>
    <message>
      <source>New customer</source>
      <translation>新建客户</translation>
    </message>
    <message>
      <source>Edit customer</source>
      <translation>编辑客户</translation>
    </message>
    <message>
      <source>Nickname or name shown in lists</source>
      <translation>在列表中显示的昵称或姓名</translation>
    </message>
    <message>
      <source>Known</source>
      <translation>已知</translation>
    </message>
    <message>
      <source>Comma-separated, e.g. VIP, 老客户</source>
      <translation>用逗号分隔，例如 VIP, 老客户</translation>
    </message>
    <message>
      <source>&amp;Name *</source>
      <translation>名称(&amp;N) *</translation>
    </message>
    <message>
      <source>&amp;Real name</source>
      <translation>真实姓名(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Phone</source>
      <translation>电话(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;E-mail</source>
      <translation>邮箱(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Gender</source>
      <translation>性别(&amp;G)</translation>
    </message>
    <message>
      <source>&amp;Birthday</source>
      <translation>生日(&amp;B)</translation>
    </message>
    <message>
      <source>Pro&amp;vince</source>
      <translation>省份(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;City</source>
      <translation>城市(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Address</source>
      <translation>地址(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Tags</source>
      <translation>标签(&amp;T)</translation>
    </message>
    <message>
      <source>N&amp;otes</source>
      <translation>备注(&amp;O)</translation>
    </message>
  </context>
  <context>
    <name>CustomerPicker</name>
    <message>
      <source>Type a name, nickname or phone</source>
      <translation>输入姓名、昵称或电话</translation>
    </message>
    <message>
      <source>No customer chosen</source>
      <translation>未选择客户</translation>
    </message>
    <message>
      <source>%1 more: type more of the name</source>
      <translation>还有 %1 位：请输入更多名字</translation>
    </message>
    <message>
      <source>No customer matches</source>
      <translation>没有匹配的客户</translation>
    </message>
    <message>
      <source>Chosen: %1</source>
      <translation>已选择：%1</translation>
    </message>
  </context>
  <context>
    <name>CustomerTableModel</name>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Orders</source>
      <translation>订单数</translation>
    </message>
    <message>
      <source>Total paid</source>
      <translation>累计实付</translation>
    </message>
    <message>
      <source>Last order</source>
      <translation>最近下单</translation>
    </message>
    <message>
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
  </context>
  <context>
    <name>CustomerWindow</name>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
  </context>
  <context>
    <name>CustomersPage</name>
    <message>
      <source>Search name, nickname, phone, e-mail or tag (Ctrl+F)</source>
      <translation>搜索姓名、昵称、电话、邮箱或标签（Ctrl+F）</translation>
    </message>
    <message>
      <source>&amp;New customer</source>
      <translation>新建客户(&amp;N)</translation>
    </message>
    <message>
      <source>Create a customer (Ctrl+N)</source>
      <translation>新建一位客户（Ctrl+N）</translation>
    </message>
    <message>
      <source>Tag:</source>
      <translation>标签：</translation>
    </message>
    <message>
      <source>All tags</source>
      <translation>全部标签</translation>
    </message>
    <message>
      <source>%1 customers</source>
      <translation>%1 位客户</translation>
    </message>
    <message>
      <source>Delete the customer “%1”?</source>
      <translation>删除客户“%1”？</translation>
    </message>
    <message numerus="yes">
      <source>Their %n order(s) stay in your sales figures without a customer. If you import an export that contains this buyer again, they come back as a new customer.</source>
      <translation>
        <numerusform>其 %n 笔订单仍保留在销售数据中，但不再关联客户。若再次导入包含该买家的导出文件，将重新创建为新客户。</numerusform>
      </translation>
    </message>
    <message>
      <source>This cannot be undone.</source>
      <translation>此操作无法撤销。</translation>
    </message>
    <message>
      <source>Delete customer</source>
      <translation>删除客户</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Export all data of this customer</source>
      <translation>导出该客户的全部数据</translation>
    </message>
    <message>
      <source>JSON and Excel (*.json)</source>
      <translation>JSON 和 Excel (*.json)</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Written:
%1</source>
      <translation>已写入：
%1</translation>
    </message>
    <message>
      <source>Erase personal data</source>
      <translation>删除个人数据</translation>
    </message>
    <message>
      <source>Erase everything about “%1”?</source>
      <translation>删除“%1”的全部个人数据？</translation>
    </message>
    <message>
      <source>Their profile, accounts, tags, notes, follow-ups, feedback and points are removed and cannot be brought back. Their orders stay in your sales figures without any personal data. A backup is made first; older backups that still hold them are deleted by the backup rotation within about ten months.</source>
      <translation>其资料、平台账号、标签、备注、跟进、反馈和积分将被删除，无法恢复。其订单仍保留在销售数据中，但不含任何个人信息。删除前会先备份；仍含有该客户的旧备份会在约十个月内被备份轮换删除。</translation>
    </message>
    <message>
      <source>Erase</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Erased. %1 orders were kept without personal data. Older backups may hold this customer until %2.</source>
      <translation>已删除。保留了 %1 笔不含个人信息的订单。旧备份可能在 %2 之前仍含有该客户。</translation>
    </message>
  </context>
  <context>
    <name>DoneDialog</name>
    <message>
      <source>Mark done</source>
      <translation>标记完成</translation>
    </message>
    <message>
      <source>Optional: what came of it, e.g. 已回访，很满意</source>
      <translation>可选：结果如何，例如：已回访，很满意</translation>
    </message>
    <message>
      <source>&amp;Outcome</source>
      <translation>结果(&amp;O)</translation>
    </message>
    <message>
      <source>It repeats (%1): the next one is created when you mark this one done.</source>
      <translation>这是重复跟进（%1）：标记完成后会自动创建下一次。</translation>
    </message>
    <message>
      <source>Mark &amp;done</source>
      <translation>标记完成(&amp;D)</translation>
    </message>
  </context>
  <context>
    <name>EncryptionPage</name>
    <message>
      <source>&amp;Encrypt the database…</source>
      <translation>加密数据库(&amp;E)…</translation>
    </message>
    <message>
      <source>&amp;Change the passphrase…</source>
      <translation>更改口令(&amp;C)…</translation>
    </message>
    <message>
      <source>&amp;Remove encryption…</source>
      <translation>取消加密(&amp;R)…</translation>
    </message>
    <message>
      <source>Encryption protects the database file and its backups if the computer is lost. There is no way to open an encrypted database without its passphrase: if you forget it, your data is lost.</source>
      <translation>加密可以在电脑丢失时保护数据库文件及其备份。没有口令就无法打开加密的数据库：忘记口令，数据就会丢失。</translation>
    </message>
    <message>
      <source>The database is encrypted.</source>
      <translation>数据库已加密。</translation>
    </message>
    <message>
      <source>The database is not encrypted.</source>
      <translation>数据库未加密。</translation>
    </message>
    <message>
      <source>Encryption</source>
      <translation>加密</translation>
    </message>
    <message>
      <source>If you forget this passphrase, your data cannot be recovered by anyone. Write it down and keep it somewhere safe.</source>
      <translation>一旦忘记这个口令，任何人都无法恢复您的数据。请把它写下来并妥善保管。</translation>
    </message>
    <message>
      <source>Encrypt the database</source>
      <translation>加密数据库</translation>
    </message>
    <message>
      <source>The database is now encrypted.</source>
      <translation>数据库已加密。</translation>
    </message>
    <message>
      <source>Change the passphrase</source>
      <translation>更改口令</translation>
    </message>
    <message>
      <source>The current passphrase is wrong.</source>
      <translation>当前口令不正确。</translation>
    </message>
    <message>
      <source>The passphrase was changed.</source>
      <translation>口令已更改。</translation>
    </message>
    <message>
      <source>Remove encryption</source>
      <translation>取消加密</translation>
    </message>
    <message>
      <source>The database is no longer encrypted.</source>
      <translation>数据库已取消加密。</translation>
    </message>
  </context>
  <context>
    <name>ErrorDialog</name>
    <message>
      <source>Something went wrong</source>
      <translation>出错了</translation>
    </message>
    <message>
      <source>Desktop CRM hit an unexpected error. Your data was not changed by the failed step.</source>
      <translation>Desktop CRM 遇到意外错误。失败的步骤没有改动您的数据。</translation>
    </message>
    <message>
      <source>What you were typing is still open. The details were written to the log file.</source>
      <translation>您正在填写的内容仍然保留。详细信息已写入日志文件。</translation>
    </message>
  </context>
  <context>
    <name>FeedbackDialog</name>
    <message>
      <source>Log feedback</source>
      <translation>记录反馈</translation>
    </message>
    <message>
      <source>Edit feedback</source>
      <translation>编辑反馈</translation>
    </message>
    <message>
      <source>Not rated</source>
      <translation>未评分</translation>
    </message>
    <message>
      <source>What the customer said</source>
      <translation>客户说了什么</translation>
    </message>
    <message>
      <source>C&amp;ustomer *</source>
      <translation>客户(&amp;U) *</translation>
    </message>
    <message>
      <source>O&amp;rder</source>
      <translation>订单(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Kind</source>
      <translation>类型(&amp;K)</translation>
    </message>
    <message>
      <source>C&amp;hannel</source>
      <translation>渠道(&amp;H)</translation>
    </message>
    <message>
      <source>R&amp;ating</source>
      <translation>评分(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;What they said *</source>
      <translation>反馈内容(&amp;W) *</translation>
    </message>
    <message>
      <source>(no order)</source>
      <translation>（无订单）</translation>
    </message>
    <message>
      <source>Choose a customer: type part of a name, then pick from the list.</source>
      <translation>请选择客户：输入部分名字，然后从列表中选择。</translation>
    </message>
    <message>
      <source>This customer or order no longer exists.</source>
      <translation>该客户或订单已不存在。</translation>
    </message>
    <message>
      <source>This order belongs to another customer.</source>
      <translation>该订单属于另一位客户。</translation>
    </message>
    <message>
      <source>A rating is 1 to 5 stars.</source>
      <translation>评分为 1 到 5 星。</translation>
    </message>
    <message>
      <source>The customer of feedback cannot be changed.</source>
      <translation>反馈的客户不能更改。</translation>
    </message>
    <message>
      <source>Choose a value from the list.</source>
      <translation>请从列表中选择。</translation>
    </message>
  </context>
  <context>
    <name>FeedbackLabels</name>
    <message>
      <source>Complaint</source>
      <translation>投诉</translation>
    </message>
    <message>
      <source>Praise</source>
      <translation>表扬</translation>
    </message>
    <message>
      <source>Suggestion</source>
      <translation>建议</translation>
    </message>
    <message>
      <source>Return</source>
      <translation>退货</translation>
    </message>
    <message>
      <source>Question</source>
      <translation>咨询</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>处理中</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>已解决</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>邮件</translation>
    </message>
    <message>
      <source>Review</source>
      <translation>评价</translation>
    </message>
    <message>
      <source>Wangwang</source>
      <translation>旺旺</translation>
    </message>
  </context>
  <context>
    <name>FeedbackPage</name>
    <message>
      <source>Last 30 days</source>
      <translation>最近 30 天</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>最近 90 天</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>本月</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>今年</translation>
    </message>
    <message>
      <source>Last 12 months</source>
      <translation>最近 12 个月</translation>
    </message>
    <message>
      <source>Satisfaction o&amp;ver</source>
      <translation>满意度统计区间(&amp;V)</translation>
    </message>
    <message>
      <source>Words in the feedback, or a customer's name</source>
      <translation>反馈中的文字，或客户名称</translation>
    </message>
    <message>
      <source>All kinds</source>
      <translation>全部类型</translation>
    </message>
    <message>
      <source>Any status</source>
      <translation>任意状态</translation>
    </message>
    <message>
      <source>Not resolved</source>
      <translation>未解决</translation>
    </message>
    <message>
      <source>Any rating</source>
      <translation>任意评分</translation>
    </message>
    <message>
      <source>Not rated</source>
      <translation>未评分</translation>
    </message>
    <message>
      <source>&amp;From</source>
      <translation>从(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;To</source>
      <translation>到(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Log feedback…</source>
      <translation>记录反馈(&amp;L)…</translation>
    </message>
    <message>
      <source>&amp;Edit…</source>
      <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
      <source>Edit the feedback (Enter)</source>
      <translation>编辑反馈（Enter）</translation>
    </message>
    <message>
      <source>In &amp;progress</source>
      <translation>处理中(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Resolve…</source>
      <translation>解决(&amp;R)…</translation>
    </message>
    <message>
      <source>Re&amp;open</source>
      <translation>重新打开(&amp;O)</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>删除…</translation>
    </message>
    <message>
      <source>Delete the feedback (Delete)</source>
      <translation>删除反馈（Delete）</translation>
    </message>
    <message>
      <source>Open &amp;customer</source>
      <translation>打开客户(&amp;C)</translation>
    </message>
    <message>
      <source>&lt;b&gt;CSAT %1&lt;/b&gt;&lt;br&gt;%2 of %3 ratings are 4–5 ★</source>
      <translation>&lt;b&gt;满意度 %1&lt;/b&gt;&lt;br&gt;%3 个评分中有 %2 个为 4–5 ★</translation>
    </message>
    <message>
      <source>Share of rated feedback with 4 or 5 stars (unrated feedback is left out).</source>
      <translation>评分为 4 或 5 星的反馈占已评分反馈的比例（未评分的不计）。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Average %1 ★&lt;/b&gt;&lt;br&gt;%2 rated</source>
      <translation>&lt;b&gt;平均 %1 ★&lt;/b&gt;&lt;br&gt;%2 个评分</translation>
    </message>
    <message>
      <source>&lt;b&gt;%1 complaints a month&lt;/b&gt;&lt;br&gt;%2 in the period</source>
      <translation>&lt;b&gt;每月 %1 条投诉&lt;/b&gt;&lt;br&gt;期间共 %2 条</translation>
    </message>
    <message>
      <source>%1 h</source>
      <translation>%1 小时</translation>
    </message>
    <message>
      <source>%1 days</source>
      <translation>%1 天</translation>
    </message>
    <message>
      <source>&lt;b&gt;Resolved in %1&lt;/b&gt;&lt;br&gt;median of %2 resolved</source>
      <translation>&lt;b&gt;%1 内解决&lt;/b&gt;&lt;br&gt;%2 条已解决的中位数</translation>
    </message>
    <message>
      <source>Median time from logging to resolving, over feedback resolved in the period.</source>
      <translation>期间已解决反馈从记录到解决所用时间的中位数。</translation>
    </message>
    <message>
      <source>%1 entries</source>
      <translation>%1 条</translation>
    </message>
    <message>
      <source>Marked in progress.</source>
      <translation>已标记为处理中。</translation>
    </message>
    <message>
      <source>Resolved.</source>
      <translation>已解决。</translation>
    </message>
    <message>
      <source>Reopened.</source>
      <translation>已重新打开。</translation>
    </message>
    <message>
      <source>Delete this %1 from %2?</source>
      <translation>删除 %2 的这条%1？</translation>
    </message>
    <message>
      <source>Delete feedback</source>
      <translation>删除反馈</translation>
    </message>
    <message>
      <source>This cannot be undone.</source>
      <translation>此操作无法撤销。</translation>
    </message>
    <message>
      <source>Deleted.</source>
      <translation>已删除。</translation>
    </message>
    <message>
      <source>Feedback saved.</source>
      <translation>反馈已保存。</translation>
    </message>
  </context>
  <context>
    <name>FeedbackTableModel</name>
    <message>
      <source>Logged</source>
      <translation>记录时间</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>评分</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>What they said</source>
      <translation>反馈内容</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Order</source>
      <translation>订单</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>处理结果</translation>
    </message>
  </context>
  <context>
    <name>FieldLabels</name>
    <message>
      <source>Order number</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Order date</source>
      <translation>下单日期</translation>
    </message>
    <message>
      <source>Amount paid</source>
      <translation>实付金额</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Refunded amount</source>
      <translation>退款金额</translation>
    </message>
    <message>
      <source>Paid at</source>
      <translation>付款时间</translation>
    </message>
    <message>
      <source>Completed at</source>
      <translation>完成时间</translation>
    </message>
    <message>
      <source>Buyer account</source>
      <translation>买家账号</translation>
    </message>
    <message>
      <source>Buyer name</source>
      <translation>买家名称</translation>
    </message>
    <message>
      <source>Real name</source>
      <translation>真实姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>邮箱</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Province</source>
      <translation>省份</translation>
    </message>
    <message>
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>Items</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>币种</translation>
    </message>
    <message>
      <source>Buyer's message</source>
      <translation>买家留言</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
  </context>
  <context>
    <name>FollowUpActions</name>
    <message>
      <source>&amp;1 day</source>
      <translation>&amp;1 天</translation>
    </message>
    <message>
      <source>&amp;3 days</source>
      <translation>&amp;3 天</translation>
    </message>
    <message>
      <source>A &amp;week</source>
      <translation>一周(&amp;W)</translation>
    </message>
    <message>
      <source>Pick a &amp;date…</source>
      <translation>选择日期(&amp;D)…</translation>
    </message>
    <message numerus="yes">
      <source>Marked %n follow-up(s) done.</source>
      <translation>
        <numerusform>已将 %n 条跟进标记为完成。</numerusform>
      </translation>
    </message>
    <message>
      <source>The next one is due on %1.</source>
      <translation>下一次在 %1。</translation>
    </message>
    <message numerus="yes">
      <source>%n next occurrence(s) created.</source>
      <translation>
        <numerusform>已创建 %n 条下一次跟进。</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Snoozed %n follow-up(s) until %1.</source>
      <translation>
        <numerusform>已将 %n 条跟进推迟到 %1。</numerusform>
      </translation>
    </message>
    <message>
      <source>Cancel the follow-up “%1” for %2?</source>
      <translation>取消 %2 的跟进“%1”？</translation>
    </message>
    <message numerus="yes">
      <source>Cancel %n follow-up(s)?</source>
      <translation>
        <numerusform>取消 %n 条跟进？</numerusform>
      </translation>
    </message>
    <message>
      <source>A cancelled automatic follow-up is not created again.</source>
      <translation>取消的自动跟进不会再次创建。</translation>
    </message>
    <message>
      <source>Cancel follow-up</source>
      <translation>取消跟进</translation>
    </message>
    <message numerus="yes">
      <source>Cancelled %n follow-up(s).</source>
      <translation>
        <numerusform>已取消 %n 条跟进。</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Reopened %n follow-up(s).</source>
      <translation>
        <numerusform>已重新打开 %n 条跟进。</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>FollowUpDialog</name>
    <message>
      <source>New follow-up</source>
      <translation>新建跟进</translation>
    </message>
    <message>
      <source>Edit follow-up</source>
      <translation>编辑跟进</translation>
    </message>
    <message>
      <source>What to do, e.g. 回访：使用体验怎么样</source>
      <translation>要做什么，例如：回访：使用体验怎么样</translation>
    </message>
    <message>
      <source>When you mark it done, the next one is created for you.</source>
      <translation>标记完成后会自动创建下一次。</translation>
    </message>
    <message>
      <source>&amp;Title *</source>
      <translation>标题(&amp;T) *</translation>
    </message>
    <message>
      <source>C&amp;ustomer *</source>
      <translation>客户(&amp;U) *</translation>
    </message>
    <message>
      <source>&amp;Due *</source>
      <translation>到期(&amp;D) *</translation>
    </message>
    <message>
      <source>&amp;Kind</source>
      <translation>类型(&amp;K)</translation>
    </message>
    <message>
      <source>&amp;Repeats</source>
      <translation>重复(&amp;R)</translation>
    </message>
    <message>
      <source>N&amp;otes</source>
      <translation>备注(&amp;O)</translation>
    </message>
    <message>
      <source>Status: %1</source>
      <translation>状态：%1</translation>
    </message>
    <message>
      <source>Choose a customer: type part of a name, then pick from the list.</source>
      <translation>请选择客户：输入部分名字，然后从列表中选择。</translation>
    </message>
    <message>
      <source>This customer no longer exists.</source>
      <translation>该客户已不存在。</translation>
    </message>
    <message>
      <source>The customer of a follow-up cannot be changed.</source>
      <translation>跟进的客户不能更改。</translation>
    </message>
    <message>
      <source>Enter a date and a time.</source>
      <translation>请输入日期和时间。</translation>
    </message>
    <message>
      <source>Choose a value from the list.</source>
      <translation>请从列表中选择。</translation>
    </message>
    <message>
      <source>Choose today or a later day.</source>
      <translation>请选择今天或以后的日期。</translation>
    </message>
  </context>
  <context>
    <name>FollowUpLabels</name>
    <message>
      <source>Manual</source>
      <translation>手动</translation>
    </message>
    <message>
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>Win-back</source>
      <translation>挽回</translation>
    </message>
    <message>
      <source>After-sale</source>
      <translation>售后</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>已推迟</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>Does not repeat</source>
      <translation>不重复</translation>
    </message>
    <message>
      <source>Weekly</source>
      <translation>每周</translation>
    </message>
    <message>
      <source>Monthly</source>
      <translation>每月</translation>
    </message>
    <message>
      <source>Yearly</source>
      <translation>每年</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>Due today</source>
      <translation>今天到期</translation>
    </message>
    <message>
      <source>Next 7 days</source>
      <translation>未来 7 天</translation>
    </message>
    <message>
      <source>Birthday greeting</source>
      <translation>生日祝福</translation>
    </message>
    <message>
      <source>Win back</source>
      <translation>挽回客户</translation>
    </message>
    <message>
      <source>After-sale check-in</source>
      <translation>售后回访</translation>
    </message>
    <message>
      <source>Unresolved complaint</source>
      <translation>未解决的投诉</translation>
    </message>
    <message>
      <source>birthday on %1 (turns %2)</source>
      <translation>%1 生日（满 %2 岁）</translation>
    </message>
    <message>
      <source>birthday on %1</source>
      <translation>%1 生日</translation>
    </message>
    <message>
      <source>no purchase yet</source>
      <translation>尚未购买</translation>
    </message>
    <message>
      <source>order %1 completed</source>
      <translation>订单 %1 已完成</translation>
    </message>
    <message>
      <source>order %1 completed today</source>
      <translation>订单 %1 今天完成</translation>
    </message>
    <message>
      <source>complaint: %1</source>
      <translation>投诉：%1</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>Last purchase: %1</source>
      <translation>最近购买：%1</translation>
    </message>
  </context>
  <context>
    <name>FollowUpTableModel</name>
    <message>
      <source>Due</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Repeats</source>
      <translation>重复</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
  </context>
  <context>
    <name>FollowUpsPage</name>
    <message>
      <source>Customer name or title</source>
      <translation>客户名称或标题</translation>
    </message>
    <message>
      <source>All kinds</source>
      <translation>全部类型</translation>
    </message>
    <message>
      <source>Open or snoozed</source>
      <translation>待办或已推迟</translation>
    </message>
    <message>
      <source>Any status</source>
      <translation>任意状态</translation>
    </message>
    <message>
      <source>Due &amp;from</source>
      <translation>到期从(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;to</source>
      <translation>到(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;New follow-up…</source>
      <translation>新建跟进(&amp;N)…</translation>
    </message>
    <message>
      <source>&amp;Edit…</source>
      <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
      <source>Edit the follow-up (Enter)</source>
      <translation>编辑跟进（Enter）</translation>
    </message>
    <message>
      <source>&amp;Done…</source>
      <translation>完成(&amp;D)…</translation>
    </message>
    <message>
      <source>Mark the selected follow-ups done (D)</source>
      <translation>将选中的跟进标记为完成（D）</translation>
    </message>
    <message>
      <source>&amp;Snooze ▾</source>
      <translation>推迟(&amp;S) ▾</translation>
    </message>
    <message>
      <source>Snooze the selected follow-ups (S)</source>
      <translation>推迟选中的跟进（S）</translation>
    </message>
    <message>
      <source>Cance&amp;l…</source>
      <translation>取消(&amp;L)…</translation>
    </message>
    <message>
      <source>Cancel the selected follow-ups (Delete)</source>
      <translation>取消选中的跟进（Delete）</translation>
    </message>
    <message>
      <source>Re&amp;open</source>
      <translation>重新打开(&amp;O)</translation>
    </message>
    <message>
      <source>Open &amp;customer</source>
      <translation>打开客户(&amp;C)</translation>
    </message>
    <message>
      <source>%1 follow-ups</source>
      <translation>%1 条跟进</translation>
    </message>
    <message>
      <source>Follow-up saved.</source>
      <translation>跟进已保存。</translation>
    </message>
  </context>
  <context>
    <name>GeneralPage</name>
    <message>
      <source>Follow the system</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <source>Interface language:</source>
      <translation>界面语言：</translation>
    </message>
    <message>
      <source>A new language is used the next time Desktop CRM starts.</source>
      <translation>新语言将在下次启动 Desktop CRM 时生效。</translation>
    </message>
  </context>
  <context>
    <name>HistoryPage</name>
    <message>
      <source>Imported</source>
      <translation>导入时间</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>行数</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>Unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <source>New customers</source>
      <translation>新客户</translation>
    </message>
    <message>
      <source>Skipped rows</source>
      <translation>跳过行</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>undone</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>&amp;Receipt…</source>
      <translation>回执(&amp;R)…</translation>
    </message>
    <message>
      <source>&amp;Undo import…</source>
      <translation>撤销导入(&amp;U)…</translation>
    </message>
    <message>
      <source>&amp;Import file…</source>
      <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
      <source>Undo puts back exactly what an import changed. Imports are undone newest first: an import that a later one built on says which to undo first.</source>
      <translation>撤销会把一次导入改动的内容原样恢复。导入需从最新的开始撤销：如果之后的导入在它的基础上做了修改，会提示先撤销哪一次。</translation>
    </message>
  </context>
  <context>
    <name>ImportController</name>
    <message>
      <source>Import order or customer exports</source>
      <translation>导入订单或客户导出文件</translation>
    </message>
    <message>
      <source>Spreadsheets and CSV (%1);;All files (*)</source>
      <translation>表格和 CSV 文件（%1）;;所有文件 (*)</translation>
    </message>
    <message>
      <source>Importing %1…</source>
      <translation>正在导入 %1…</translation>
    </message>
    <message>
      <source>Import cancelled</source>
      <translation>导入已取消</translation>
    </message>
    <message>
      <source>The import was cancelled. Nothing was changed.</source>
      <translation>导入已取消，没有任何改动。</translation>
    </message>
    <message>
      <source>This file cannot be imported</source>
      <translation>无法导入此文件</translation>
    </message>
    <message>
      <source>%1

Nothing was changed.</source>
      <translation>%1

没有任何改动。</translation>
    </message>
    <message>
      <source>Import failed</source>
      <translation>导入失败</translation>
    </message>
    <message>
      <source>Undo import</source>
      <translation>撤销导入</translation>
    </message>
    <message>
      <source>There is no import to undo.</source>
      <translation>没有可撤销的导入。</translation>
    </message>
    <message>
      <source>Undo the import of %1 (%2)?</source>
      <translation>撤销 %1（%2）的导入？</translation>
    </message>
    <message>
      <source>%1 orders it added are removed and %2 orders it changed are put back as they were. %3 customers it created are removed, with any notes or tags you gave them since.</source>
      <translation>将删除这次导入新增的 %1 笔订单，并把它修改过的 %2 笔订单恢复原状。它创建的 %3 位客户也会被删除，包括之后为他们添加的备注和标签。</translation>
    </message>
    <message>
      <source>Import %1 was undone: %2 orders removed, %3 put back, %4 customers removed.</source>
      <translation>导入 %1 已撤销：删除 %2 笔订单，恢复 %3 笔，删除 %4 位客户。</translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message>
      <source>Import exports</source>
      <translation>导入导出文件</translation>
    </message>
    <message>
      <source>Drop order or customer export files here, or add them. Each file is recognised by its columns; check the preview, then import.</source>
      <translation>把订单或客户导出文件拖到这里，或点击添加。程序会根据列名识别每个文件；请先查看预览，再导入。</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Recognised as</source>
      <translation>识别为</translation>
    </message>
    <message>
      <source>Import as</source>
      <translation>导入方式</translation>
    </message>
    <message>
      <source>&amp;Add files…</source>
      <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
      <source>&amp;Remove</source>
      <translation>移除(&amp;R)</translation>
    </message>
    <message>
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <source>Customer list</source>
      <translation>客户名单</translation>
    </message>
    <message>
      <source>Name of this layout, e.g. My shop's sheet</source>
      <translation>为这种表格起个名字，例如：我的店铺账本</translation>
    </message>
    <message>
      <source>&amp;Save mapping</source>
      <translation>保存映射(&amp;S)</translation>
    </message>
    <message>
      <source>The file holds:</source>
      <translation>文件内容：</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>行数</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>Unchanged</source>
      <translation>未变</translation>
    </message>
    <message>
      <source>New customers</source>
      <translation>新客户</translation>
    </message>
    <message>
      <source>Matched</source>
      <translation>匹配</translation>
    </message>
    <message>
      <source>Skipped rows</source>
      <translation>跳过行</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Save skipped rows as &amp;Excel…</source>
      <translation>把跳过的行另存为 &amp;Excel…</translation>
    </message>
    <message>
      <source>&amp;Preview</source>
      <translation>预览(&amp;P)</translation>
    </message>
    <message>
      <source>Column &amp;mapping</source>
      <translation>列映射(&amp;M)</translation>
    </message>
    <message>
      <source>&amp;Receipts</source>
      <translation>回执(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Dry run</source>
      <translation>试运行(&amp;D)</translation>
    </message>
    <message>
      <source>Read every file and count what would change; change nothing</source>
      <translation>读取所有文件并统计将发生的变化，但不做任何改动</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>导入(&amp;I)</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>As recognised</source>
      <translation>按识别结果</translation>
    </message>
    <message>
      <source>Map columns…</source>
      <translation>映射列…</translation>
    </message>
    <message>
      <source>customers</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <source>Saved mapping “%1”</source>
      <translation>已保存的映射“%1”</translation>
    </message>
    <message>
      <source>Unknown layout: map its columns</source>
      <translation>未知格式：请映射各列</translation>
    </message>
    <message>
      <source>Cannot be read: %1</source>
      <translation>无法读取：%1</translation>
    </message>
    <message>
      <source>Add export files</source>
      <translation>添加导出文件</translation>
    </message>
    <message>
      <source>Spreadsheets and CSV (%1);;All files (*)</source>
      <translation>表格和 CSV 文件（%1）;;所有文件 (*)</translation>
    </message>
    <message>
      <source>(not in the file)</source>
      <translation>（文件中没有）</translation>
    </message>
    <message>
      <source>Save mapping</source>
      <translation>保存映射</translation>
    </message>
    <message>
      <source>The mapping “%1” is offered again for files with the same columns.</source>
      <translation>以后导入列名相同的文件时，会自动使用映射“%1”。</translation>
    </message>
    <message>
      <source>Add a file to see its preview.</source>
      <translation>添加文件后即可预览。</translation>
    </message>
    <message>
      <source>Choose which column holds each field.</source>
      <translation>请为每个字段选择对应的列。</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>邮箱</translation>
    </message>
    <message>
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Order no.</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>实付</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <source>Customer key</source>
      <translation>客户标识</translation>
    </message>
    <message>
      <source> (weak)</source>
      <translation>（弱匹配）</translation>
    </message>
    <message>
      <source>Skipped because</source>
      <translation>跳过原因</translation>
    </message>
    <message>
      <source>%1: %2 rows read; the first %3 records shown; %4 rows will be skipped (in red).</source>
      <translation>%1：读取 %2 行；显示前 %3 条记录；将跳过 %4 行（红色）。</translation>
    </message>
    <message>
      <source>Checking %1…</source>
      <translation>正在检查 %1…</translation>
    </message>
    <message>
      <source>Importing %1…</source>
      <translation>正在导入 %1…</translation>
    </message>
    <message>
      <source>cancelled: nothing was changed</source>
      <translation>已取消：没有任何改动</translation>
    </message>
    <message>
      <source>Dry run: nothing was changed. This is what an import would do.</source>
      <translation>试运行：没有任何改动。以下是导入将产生的结果。</translation>
    </message>
    <message>
      <source>Import finished.</source>
      <translation>导入完成。</translation>
    </message>
    <message>
      <source>Save skipped rows</source>
      <translation>保存跳过的行</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
  </context>
  <context>
    <name>Jobs</name>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Taobao/Tmall</source>
      <translation>淘宝/天猫</translation>
    </message>
    <message>
      <source>Taobao/Tmall (Qianniu)</source>
      <translation>淘宝/天猫（千牛）</translation>
    </message>
    <message>
      <source>JD</source>
      <translation>京东</translation>
    </message>
    <message>
      <source>Pinduoduo</source>
      <translation>拼多多</translation>
    </message>
    <message>
      <source>Douyin</source>
      <translation>抖店</translation>
    </message>
    <message>
      <source>Shopify</source>
      <translation>Shopify</translation>
    </message>
    <message>
      <source>WooCommerce</source>
      <translation>WooCommerce</translation>
    </message>
    <message>
      <source>Etsy</source>
      <translation>Etsy</translation>
    </message>
    <message>
      <source>eBay</source>
      <translation>eBay</translation>
    </message>
    <message>
      <source>Other spreadsheet</source>
      <translation>其他表格</translation>
    </message>
    <message>
      <source>Entered by hand</source>
      <translation>手动录入</translation>
    </message>
    <message>
      <source>Pending payment</source>
      <translation>待付款</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>已付款</translation>
    </message>
    <message>
      <source>Shipped</source>
      <translation>已发货</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已关闭</translation>
    </message>
    <message>
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <source>Not given</source>
      <translation>未填写</translation>
    </message>
    <message>
      <source>This field is required.</source>
      <translation>此项为必填。</translation>
    </message>
    <message>
      <source>This is too long.</source>
      <translation>内容过长。</translation>
    </message>
    <message>
      <source>Enter a mainland mobile (13800138000), an international number (+44 20 7946 0958) or a masked number (138****1234).</source>
      <translation>请输入大陆手机号（13800138000）、国际号码（+44 20 7946 0958）或打码号码（138****1234）。</translation>
    </message>
    <message>
      <source>Enter an e-mail address such as name@example.com.</source>
      <translation>请输入邮箱地址，例如 name@example.com。</translation>
    </message>
    <message>
      <source>A birthday cannot be in the future.</source>
      <translation>生日不能晚于今天。</translation>
    </message>
    <message>
      <source>This birthday is more than 130 years ago.</source>
      <translation>该生日早于 130 年前。</translation>
    </message>
    <message>
      <source>Choose a gender from the list.</source>
      <translation>请从列表中选择性别。</translation>
    </message>
  </context>
  <context>
    <name>LockPage</name>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从不</translation>
    </message>
    <message>
      <source>leave empty to keep the current one</source>
      <translation>留空则保留当前密码</translation>
    </message>
    <message>
      <source>Keep</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>Remove the password</source>
      <translation>删除密码</translation>
    </message>
    <message>
      <source>Lock after being idle for:</source>
      <translation>空闲多久后锁定：</translation>
    </message>
    <message>
      <source>New password:</source>
      <translation>新密码：</translation>
    </message>
    <message>
      <source>Repeat it:</source>
      <translation>再输一次：</translation>
    </message>
    <message>
      <source>Current password:</source>
      <translation>当前密码：</translation>
    </message>
    <message>
      <source>The lock screen hides your customers while you are away (Ctrl+L locks at once). It is a privacy screen, not encryption.</source>
      <translation>离开时，锁屏会挡住所有客户信息（按 Ctrl+L 立即锁定）。这是隐私遮挡，不是加密。</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
      <source>Use at least 4 characters.</source>
      <translation>密码至少 4 个字符。</translation>
    </message>
  </context>
  <context>
    <name>LockScreen</name>
    <message>
      <source>Desktop CRM is locked</source>
      <translation>Desktop CRM 已锁定</translation>
    </message>
    <message>
      <source>&amp;Unlock</source>
      <translation>解锁(&amp;U)</translation>
    </message>
    <message>
      <source>Enter your password to continue.</source>
      <translation>请输入密码继续。</translation>
    </message>
    <message>
      <source>Press Unlock to continue.</source>
      <translation>点击“解锁”继续。</translation>
    </message>
    <message>
      <source>That is not the password.</source>
      <translation>密码不正确。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Today</source>
      <translation>今日</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Orders</source>
      <translation>订单</translation>
    </message>
    <message>
      <source>Follow-ups</source>
      <translation>跟进</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈</translation>
    </message>
    <message>
      <source>Imports</source>
      <translation>导入记录</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Import file…</source>
      <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
      <source>&amp;Undo last import…</source>
      <translation>撤销上次导入(&amp;U)…</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Customer</source>
      <translation>客户(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;New customer…</source>
      <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
      <source>&amp;Find customer</source>
      <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Settings</source>
      <translation>设置(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <source>&amp;Lock now</source>
      <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;About Desktop CRM</source>
      <translation>关于 Desktop CRM(&amp;A)</translation>
    </message>
    <message>
      <source>Today (%1)</source>
      <translation>今日（%1）</translation>
    </message>
    <message>
      <source>%1 follow-ups are due</source>
      <translation>%1 条跟进到期</translation>
    </message>
    <message>
      <source>%1 customers · %2 orders</source>
      <translation>%1 位客户 · %2 笔订单</translation>
    </message>
    <message>
      <source>Privacy</source>
      <translation>隐私</translation>
    </message>
    <message>
      <source>Encryption</source>
      <translation>加密</translation>
    </message>
    <message>
      <source>About Desktop CRM</source>
      <translation>关于 Desktop CRM</translation>
    </message>
    <message>
      <source>Desktop CRM %1
Offline customer management for small online sellers.

Database: %2</source>
      <translation>Desktop CRM %1
面向小型网店卖家的离线客户管理。

数据库：%2</translation>
    </message>
    <message>
      <source>Checking whether a backup is due…</source>
      <translation>正在检查是否需要备份…</translation>
    </message>
  </context>
  <context>
    <name>OrderDialog</name>
    <message>
      <source>Order %1</source>
      <translation>订单 %1</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Order no.</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Ordered</source>
      <translation>下单时间</translation>
    </message>
    <message>
      <source>Paid at</source>
      <translation>付款时间</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>完成时间</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>实付</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <source>Ship to</source>
      <translation>收货地区</translation>
    </message>
    <message>
      <source>Buyer's message</source>
      <translation>买家留言</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>(no customer)</source>
      <translation>（无客户）</translation>
    </message>
    <message>
      <source>Imported from</source>
      <translation>导入自</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>SKU</source>
      <translation>商家编码</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>单价</translation>
    </message>
    <message>
      <source>Open &amp;customer</source>
      <translation>打开客户(&amp;C)</translation>
    </message>
    <message>
      <source>The export had no item lines for this order: %1</source>
      <translation>导出文件中没有此订单的商品明细：%1</translation>
    </message>
  </context>
  <context>
    <name>OrderTableModel</name>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Order no.</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>实付</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>已退款</translation>
    </message>
    <message>
      <source>Items</source>
      <translation>商品</translation>
    </message>
  </context>
  <context>
    <name>OrdersPage</name>
    <message>
      <source>Order number, or the buyer's name or phone</source>
      <translation>订单号，或买家姓名、电话</translation>
    </message>
    <message>
      <source>All platforms</source>
      <translation>全部平台</translation>
    </message>
    <message>
      <source>Any status</source>
      <translation>任意状态</translation>
    </message>
    <message>
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <source>To</source>
      <translation>到</translation>
    </message>
    <message>
      <source>min</source>
      <translation>最低</translation>
    </message>
    <message>
      <source>max</source>
      <translation>最高</translation>
    </message>
    <message>
      <source>Paid between</source>
      <translation>实付金额</translation>
    </message>
    <message>
      <source>%1 orders</source>
      <translation>%1 笔订单</translation>
    </message>
  </context>
  <context>
    <name>PassphraseDialog</name>
    <message>
      <source>Current passphrase:</source>
      <translation>当前口令：</translation>
    </message>
    <message>
      <source>New passphrase:</source>
      <translation>新口令：</translation>
    </message>
    <message>
      <source>Repeat it:</source>
      <translation>再输一次：</translation>
    </message>
    <message>
      <source>The two passphrases differ.</source>
      <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
      <source>Use at least %1 characters.</source>
      <translation>口令至少 %1 个字符。</translation>
    </message>
  </context>
  <context>
    <name>PluralWords</name>
    <message numerus="yes">
      <source>no purchase for %n day(s)</source>
      <translation>
        <numerusform>%n 天未购买</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>no purchase for %n day(s); usually buys every %1</source>
      <translation>
        <numerusform>%n 天未购买；通常每 %1 天购买一次</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>order %1 completed %n day(s) ago</source>
      <translation>
        <numerusform>订单 %1 已完成 %n 天</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>PrivacyPage</name>
    <message>
      <source> months</source>
      <translation> 个月</translation>
    </message>
    <message>
      <source>off</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>&amp;Review inactive customers…</source>
      <translation>查看不活跃客户(&amp;R)…</translation>
    </message>
    <message>
      <source>Keep inactive customers for:</source>
      <translation>不活跃客户保留期限：</translation>
    </message>
    <message>
      <source>Customers with no order and no change for this long, and no open follow-up or feedback, are listed for you to review and erase. Nothing is erased without your confirmation.</source>
      <translation>在此期限内没有订单、没有改动、也没有未完成跟进或反馈的客户会被列出，供您查看并删除。未经您确认不会删除任何数据。</translation>
    </message>
  </context>
  <context>
    <name>ReceiptDialog</name>
    <message>
      <source>Import receipt</source>
      <translation>导入回执</translation>
    </message>
    <message>
      <source>&lt;b&gt;%1&lt;/b&gt; — recognised as %2</source>
      <translation>&lt;b&gt;%1&lt;/b&gt; — 识别为 %2</translation>
    </message>
    <message>
      <source>Rows read: %1</source>
      <translation>读取行数：%1</translation>
    </message>
    <message>
      <source>Orders: %1 added, %2 updated, %3 unchanged, %4 without a customer</source>
      <translation>订单：新增 %1，更新 %2，未变 %3，无客户 %4</translation>
    </message>
    <message>
      <source>Customers: %1 added, %2 matched</source>
      <translation>客户：新增 %1，匹配 %2</translation>
    </message>
    <message>
      <source>Item lines joined from: %1</source>
      <translation>商品明细来自：%1</translation>
    </message>
    <message>
      <source>&lt;b&gt;%1 rows were skipped&lt;/b&gt;; the reasons are listed below.</source>
      <translation>&lt;b&gt;跳过了 %1 行&lt;/b&gt;，原因如下。</translation>
    </message>
    <message>
      <source>No row was skipped.</source>
      <translation>没有跳过任何行。</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
  </context>
  <context>
    <name>ResolveDialog</name>
    <message>
      <source>Resolve feedback</source>
      <translation>解决反馈</translation>
    </message>
    <message>
      <source>%1 from %2: %3</source>
      <translation>%2 的%1：%3</translation>
    </message>
    <message>
      <source>What was done, e.g. 已补发 (Ctrl+Enter)</source>
      <translation>处理方式，例如：已补发（Ctrl+Enter）</translation>
    </message>
    <message>
      <source>&amp;How it was resolved *</source>
      <translation>处理结果(&amp;H) *</translation>
    </message>
    <message>
      <source>&amp;Resolve</source>
      <translation>解决(&amp;R)</translation>
    </message>
    <message>
      <source>Write what was done to resolve it.</source>
      <translation>请写下处理方式。</translation>
    </message>
  </context>
  <context>
    <name>RetentionDialog</name>
    <message>
      <source>Inactive customers</source>
      <translation>不活跃客户</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>Last order</source>
      <translation>最近下单</translation>
    </message>
    <message>
      <source>%1 customers have had no activity for %2 months and have no open follow-up or feedback. Erase the selected ones?</source>
      <translation>有 %1 位客户已 %2 个月没有活动，且没有未完成的跟进或反馈。删除选中的客户？</translation>
    </message>
    <message>
      <source>&amp;Erase selected…</source>
      <translation>删除选中(&amp;E)…</translation>
    </message>
    <message>
      <source>Erase</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Erase the personal data of %1 customers? A backup is made first; this cannot be undone in the program.</source>
      <translation>删除 %1 位客户的个人数据？删除前会先备份；在程序内无法撤销。</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>General</source>
      <translation>常规</translation>
    </message>
    <message>
      <source>Privacy &amp;&amp; lock</source>
      <translation>隐私与锁定</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>The new language is used the next time Desktop CRM starts.</source>
      <translation>新语言将在下次启动 Desktop CRM 时生效。</translation>
    </message>
  </context>
  <context>
    <name>SnoozeDialog</name>
    <message>
      <source>Snooze until</source>
      <translation>推迟到</translation>
    </message>
    <message>
      <source>&amp;Until</source>
      <translation>直到(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Snooze</source>
      <translation>推迟(&amp;S)</translation>
    </message>
    <message>
      <source>Choose today or a later day.</source>
      <translation>请选择今天或以后的日期。</translation>
    </message>
  </context>
  <context>
    <name>TimelineModel</name>
    <message>
      <source>Order</source>
      <translation>订单</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>跟进</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>purchase</source>
      <translation>购买</translation>
    </message>
    <message>
      <source>refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>redeemed</source>
      <translation>兑换</translation>
    </message>
    <message>
      <source>adjusted</source>
      <translation>调整</translation>
    </message>
    <message>
      <source>expired</source>
      <translation>过期</translation>
    </message>
    <message>
      <source>birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>referral</source>
      <translation>推荐</translation>
    </message>
    <message>
      <source>refunded %1</source>
      <translation>已退款 %1</translation>
    </message>
    <message>
      <source>%1 points (%2)</source>
      <translation>%1 积分（%2）</translation>
    </message>
    <message>
      <source>%1 → %2</source>
      <translation>%1 → %2</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
  </context>
  <context>
    <name>TimelineView</name>
    <message>
      <source>Nothing has happened with this customer yet.</source>
      <translation>该客户还没有任何记录。</translation>
    </message>
    <message>
      <source>&amp;New follow-up…</source>
      <translation>新建跟进(&amp;N)…</translation>
    </message>
    <message>
      <source>&amp;Log feedback…</source>
      <translation>记录反馈(&amp;L)…</translation>
    </message>
  </context>
  <context>
    <name>TodayModel</name>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>Enter shows them all on the Follow-ups page.</source>
      <translation>按 Enter 在“跟进”页面查看全部。</translation>
    </message>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>%1: %2 (first %3 shown)</source>
      <translation>%1：%2（显示前 %3 条）</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>… and %1 more: show them on the Follow-ups page</source>
      <translation>… 还有 %1 条：在“跟进”页面查看</translation>
    </message>
    <message numerus="yes">
      <source>(%n day(s) late)</source>
      <translation>
        <numerusform>（逾期 %n 天）</numerusform>
      </translation>
    </message>
    <message>
      <source>(snoozed)</source>
      <translation>（已推迟）</translation>
    </message>
  </context>
  <context>
    <name>TodayPage</name>
    <message>
      <source>&amp;Done…</source>
      <translation>完成(&amp;D)…</translation>
    </message>
    <message>
      <source>Mark the follow-up done (D)</source>
      <translation>标记跟进完成（D）</translation>
    </message>
    <message>
      <source>&amp;Snooze ▾</source>
      <translation>推迟(&amp;S) ▾</translation>
    </message>
    <message>
      <source>Snooze: 1 day, 3 days, a week or a date (S)</source>
      <translation>推迟：1 天、3 天、一周或指定日期（S）</translation>
    </message>
    <message>
      <source>Open &amp;customer</source>
      <translation>打开客户(&amp;C)</translation>
    </message>
    <message>
      <source>Open the customer (Enter)</source>
      <translation>打开客户（Enter）</translation>
    </message>
    <message>
      <source>Cance&amp;l…</source>
      <translation>取消(&amp;L)…</translation>
    </message>
    <message>
      <source>Cancel the follow-up (Delete)</source>
      <translation>取消跟进（Delete）</translation>
    </message>
    <message>
      <source>&amp;New follow-up…</source>
      <translation>新建跟进(&amp;N)…</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <source>Read the list again (F5)</source>
      <translation>重新读取列表（F5）</translation>
    </message>
    <message>
      <source>Nothing to follow up today or in the next 7 days. Enjoy your day!</source>
      <translation>今天和未来 7 天都没有需要跟进的事项。祝您愉快！</translation>
    </message>
    <message>
      <source>Today — %1</source>
      <translation>今日 — %1</translation>
    </message>
    <message>
      <source>%1 overdue · %2 due today · %3 in the next 7 days</source>
      <translation>逾期 %1 · 今天到期 %2 · 未来 7 天 %3</translation>
    </message>
    <message>
      <source>Follow-up saved.</source>
      <translation>跟进已保存。</translation>
    </message>
  </context>
  <context>
    <name>_IdsDialog</name>
    <message>
      <source>“%1” for %2</source>
      <translation>%2 的“%1”</translation>
    </message>
    <message numerus="yes">
      <source>%n follow-up(s)</source>
      <translation>
        <numerusform>%n 条跟进</numerusform>
      </translation>
    </message>
  </context>
</TS>