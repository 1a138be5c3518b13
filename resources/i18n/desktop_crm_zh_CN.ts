<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust points</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <source>Balance: %1. A positive number adds points (they expire like earned ones); a negative one takes points away and may take the balance below zero.</source>
        <translation>余额：%1。正数增加积分（与获得的积分一样会过期）；负数扣减积分，余额可能变为负数。</translation>
    </message>
    <message>
        <source>e.g. goodwill for a late delivery</source>
        <translation>例如：发货延迟的补偿</translation>
    </message>
    <message>
        <source>&amp;Points (+ or −):</source>
        <translation>积分（+ 或 −）(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Reason *:</source>
        <translation>原因(&amp;R) *：</translation>
    </message>
</context>
<context>
    <name>AmountRange</name>
    <message>
        <source>Not an amount, so it filters nothing: type a number such as 100.</source>
        <translation>不是金额，因此不筛选：请输入数字，例如 100。</translation>
    </message>
</context>
<context>
    <name>AnalyticsLabels</name>
    <message>
        <source>Prospect</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Sleeping</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>No purchase yet</source>
        <translation>尚未购买</translation>
    </message>
    <message>
        <source>First purchase within the last 30 days</source>
        <translation>首次购买在最近 30 天内</translation>
    </message>
    <message>
        <source>Last purchase within the last 90 days</source>
        <translation>最近一次购买在 90 天内</translation>
    </message>
    <message>
        <source>Last purchase 91 to 180 days ago</source>
        <translation>最近一次购买在 91 到 180 天前</translation>
    </message>
    <message>
        <source>Last purchase more than 180 days ago</source>
        <translation>最近一次购买在 180 天以前</translation>
    </message>
    <message>
        <source>Important value</source>
        <translation>重要价值</translation>
    </message>
    <message>
        <source>General value</source>
        <translation>一般价值</translation>
    </message>
    <message>
        <source>Important to develop</source>
        <translation>重要发展</translation>
    </message>
    <message>
        <source>Important to keep</source>
        <translation>重要保持</translation>
    </message>
    <message>
        <source>Important to win back</source>
        <translation>重要挽留</translation>
    </message>
    <message>
        <source>General to develop</source>
        <translation>一般发展</translation>
    </message>
    <message>
        <source>General to keep</source>
        <translation>一般保持</translation>
    </message>
    <message>
        <source>General to win back</source>
        <translation>一般挽留</translation>
    </message>
    <message>
        <source>above average on all three</source>
        <translation>三项都高于平均</translation>
    </message>
    <message>
        <source>recent and above-average spend, but fewer purchases than average</source>
        <translation>近期购买且消费高于平均，但购买次数低于平均</translation>
    </message>
    <message>
        <source>frequent and above-average spend, but longer ago than average</source>
        <translation>购买频繁且消费高于平均，但距上次购买较久</translation>
    </message>
    <message>
        <source>above-average spend, but fewer purchases and longer ago than average</source>
        <translation>消费高于平均，但购买次数少且距上次购买较久</translation>
    </message>
    <message>
        <source>recent and frequent, but below-average spend</source>
        <translation>近期购买且频繁，但消费低于平均</translation>
    </message>
    <message>
        <source>recent, but fewer purchases and below-average spend</source>
        <translation>近期购买，但购买次数少且消费低于平均</translation>
    </message>
    <message>
        <source>frequent, but longer ago and below-average spend</source>
        <translation>购买频繁，但距上次购买较久且消费低于平均</translation>
    </message>
    <message>
        <source>below average on all three</source>
        <translation>三项都低于平均</translation>
    </message>
    <message>
        <source>No purchase yet.</source>
        <translation>尚未购买。</translation>
    </message>
    <message>
        <source>%1, %2 in total, %3 — %4</source>
        <translation>%1，共 %2，%3 — %4</translation>
    </message>
    <message>
        <source>The average buying customer: %1 purchases, %2 in total, last purchase %3 days ago.</source>
        <translation>购买客户的平均值：%1 次购买，共 %2，最近一次在 %3 天前。</translation>
    </message>
    <message>
        <source>No usual interval yet (purchases on one day only)</source>
        <translation>尚无通常购买间隔（只在一天购买过）</translation>
    </message>
    <message>
        <source>No churn warning; %1 (warns after %2 days)</source>
        <translation>无流失预警；%1（超过 %2 天预警）</translation>
    </message>
</context>
<context>
    <name>AnalyticsWords</name>
    <message numerus="yes">
        <source>bought %n time(s)</source>
        <translation>
            <numerusform>购买 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>last today</source>
        <translation>最近一次在今天</translation>
    </message>
    <message numerus="yes">
        <source>last %n day(s) ago</source>
        <translation>
            <numerusform>最近一次在 %n 天前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Churn warning: no purchase for %n day(s); %1 (warns after %2 days)</source>
        <translation>
            <numerusform>流失预警：已 %n 天未购买；%1（超过 %2 天预警）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n purchase(s) in another currency are not counted: give its rate in Settings ▸ Currency.</source>
        <translation>
            <numerusform>另有 %n 笔其他币种的购买未计入：请在 设置 ▸ 币种 中填写汇率。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
</context>
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
        <source>before undoing a merge</source>
        <translation>撤销合并前</translation>
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
        <source>Restore from a f&amp;ile…</source>
        <translation>从文件恢复(&amp;I)…</translation>
    </message>
    <message>
        <source>Desktop CRM backs up by itself before every upgrade, restore, undo, merge and erasure, and every 30 minutes while data changes. It keeps today&apos;s and yesterday&apos;s backups, then one a day for 12 days, one a week for 10 weeks and one a month for 9 months. Every backup is checked before it is kept.</source>
        <translation>Desktop CRM 会在每次升级、恢复、撤销、合并和删除个人数据之前自动备份；数据有变化时每 30 分钟备份一次。保留今天和昨天的全部备份，之后 12 天每天一份、10 周每周一份、9 个月每月一份。每份备份保存前都会校验。</translation>
    </message>
    <message>
        <source>No backups yet: making one failed (see the warning above).</source>
        <translation>还没有备份：备份失败（见上方警告）。</translation>
    </message>
    <message>
        <source>No backups yet. Back up now makes the first one; Desktop CRM also makes one by itself before any risky change.</source>
        <translation>还没有备份。点“立即备份”做第一份；Desktop CRM 在任何有风险的改动前也会自动备份。</translation>
    </message>
    <message>
        <source>Backup folder: %1</source>
        <translation>备份文件夹：%1</translation>
    </message>
    <message>
        <source>encrypted with another passphrase</source>
        <translation>已用其他口令加密</translation>
    </message>
    <message>
        <source>No backup on closing</source>
        <translation>关闭时未能备份</translation>
    </message>
    <message>
        <source>Desktop CRM could not make its closing backup, so your latest changes have no backup copy yet.

%1</source>
        <translation>Desktop CRM 关闭时未能完成备份，您最近的更改还没有备份副本。

%1</translation>
    </message>
    <message>
        <source>%1 should be the backup folder, but a file of that name stands there. Rename or move that file; Desktop CRM then makes the folder by itself.</source>
        <translation>%1 应该是备份文件夹，但那里有一个同名文件。请重命名或移走该文件，Desktop CRM 会自行创建文件夹。</translation>
    </message>
    <message>
        <source>The backup folder %1 cannot be written. Give your user the right to write there again, then press Back up now.</source>
        <translation>无法写入备份文件夹 %1。请恢复当前用户对它的写入权限，然后点击“立即备份”。</translation>
    </message>
    <message>
        <source>Backups go to %1. Check that the disk has free space and works, then press Back up now.</source>
        <translation>备份保存在 %1。请检查磁盘是否有剩余空间且工作正常，然后点击“立即备份”。</translation>
    </message>
    <message>
        <source>Automatic backups are failing: your data has no new backup copy.
%1</source>
        <translation>自动备份失败：您的数据没有新的备份副本。
%1</translation>
    </message>
    <message>
        <source>Automatic backup failed</source>
        <translation>自动备份失败</translation>
    </message>
    <message>
        <source>The automatic backup failed. Desktop CRM keeps trying every 30 minutes; the Backups page shows this until a backup succeeds.

%1</source>
        <translation>自动备份失败。Desktop CRM 会每 30 分钟重试一次；在备份成功之前，“备份”页面会一直显示此提示。

%1</translation>
    </message>
    <message>
        <source>Backups are failing: see the Backups page</source>
        <translation>备份失败：请查看“备份”页面</translation>
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
        <source>%1 is encrypted with another passphrase. Enter the passphrase it was made with:</source>
        <translation>%1 已用其他口令加密。请输入制作该备份时的口令：</translation>
    </message>
    <message>
        <source>That passphrase does not open %1. Try again:</source>
        <translation>该口令无法打开 %1。请重试：</translation>
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
        <source>Replace your current data by the backup %1 of %2?</source>
        <translation>用 %2 的备份 %1 替换当前数据？</translation>
    </message>
    <message>
        <source>The restored data will be encrypted with the database&apos;s current passphrase.</source>
        <translation>恢复的数据将用数据库当前的口令加密。</translation>
    </message>
    <message>
        <source>The restored data will not be encrypted, as the database is not.</source>
        <translation>数据库未加密，恢复的数据也不加密。</translation>
    </message>
    <message>
        <source>Your current data is kept as a copy beside the database first.</source>
        <translation>当前数据会先在数据库旁边保留一份副本。</translation>
    </message>
    <message>
        <source>Restored. The data it replaced was kept as %1.</source>
        <translation>已恢复。被替换的数据保存在 %1。</translation>
    </message>
    <message>
        <source>Desktop CRM will close now.</source>
        <translation>Desktop CRM 现在将关闭。</translation>
    </message>
    <message>
        <source>Nothing was restored: your data is as it was.</source>
        <translation>没有恢复任何内容：您的数据保持原样。</translation>
    </message>
</context>
<context>
    <name>BulkFollowUpDialog</name>
    <message>
        <source>Follow-ups for these customers</source>
        <translation>为这些客户创建跟进</translation>
    </message>
    <message numerus="yes">
        <source>Creates one follow-up for each of the %n customer(s).</source>
        <translation>
            <numerusform>为这 %n 位客户各创建一条跟进。</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. Invite to the Double 11 sale</source>
        <translation>例如：邀请参加双 11 活动</translation>
    </message>
    <message>
        <source>Customers:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation>到期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>&amp;Create follow-ups</source>
        <translation>创建跟进(&amp;C)</translation>
    </message>
    <message>
        <source>Create follow-ups</source>
        <translation>创建跟进</translation>
    </message>
    <message numerus="yes">
        <source>Create %n follow-up(s), one for each customer in this list?</source>
        <translation>
            <numerusform>创建 %n 条跟进，列表中每位客户一条？</numerusform>
        </translation>
    </message>
    <message>
        <source>Creating follow-ups…</source>
        <translation>正在创建跟进…</translation>
    </message>
    <message numerus="yes">
        <source>Created %n follow-up(s).</source>
        <translation>
            <numerusform>已创建 %n 条跟进。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) already had this follow-up.</source>
        <translation>
            <numerusform>%n 位客户已有这条跟进。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. No follow-up was created.</source>
        <translation>已取消，没有创建跟进。</translation>
    </message>
</context>
<context>
    <name>ChartBox</name>
    <message>
        <source>Show customers</source>
        <translation>查看客户</translation>
    </message>
    <message>
        <source>List the customers of a bar or slice (or click it in the chart).</source>
        <translation>列出某个柱或扇区的客户（也可以直接点击图表）。</translation>
    </message>
</context>
<context>
    <name>CurrencyPage</name>
    <message>
        <source>Orders in another currency are kept and shown, but left out of every figure (totals, tiers, points, the Dashboard, reports) until you give a rate: how much one unit of that currency is worth in the store currency. Leave a rate empty to leave that currency out.</source>
        <translation>其他币种的订单会保留并显示，但在您填写汇率之前不计入任何数据（累计金额、会员等级、积分、仪表盘、报表）。汇率即该币种 1 个单位折合多少店铺币种。汇率留空则不计入该币种。</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Rate (1 unit = ? %1)</source>
        <translation>汇率（1 单位 = ? %1）</translation>
    </message>
    <message>
        <source>All your orders are in the store currency: there is nothing to convert.</source>
        <translation>所有订单都是店铺币种，无需折算。</translation>
    </message>
    <message>
        <source>e.g. CNY</source>
        <translation>例如 CNY</translation>
    </message>
    <message>
        <source>&amp;Store currency:</source>
        <translation>店铺币种(&amp;S)：</translation>
    </message>
    <message>
        <source>Not set yet: your first import sets it.</source>
        <translation>尚未设置：首次导入时自动设置。</translation>
    </message>
    <message>
        <source>Changing it from %1 to %2 revalues every order with the rates below. Amounts you set in Settings (tier thresholds, points per unit) keep their numbers, now in %2.</source>
        <translation>从 %1 改为 %2 后，所有订单将按下方汇率重新计值。您在设置中填写的金额（等级门槛、每单位积分）数字不变，但单位变为 %2。</translation>
    </message>
    <message>
        <source>Every figure is in %1.</source>
        <translation>所有数据均以 %1 计。</translation>
    </message>
    <message>
        <source>The store currency is set by your first import.</source>
        <translation>店铺币种由第一次导入确定。</translation>
    </message>
    <message>
        <source>The rate for %1 must be a number above 0 with at most 6 decimals, e.g. 7.1.</source>
        <translation>%1 的汇率须为大于 0 的数字，最多 6 位小数，例如 7.1。</translation>
    </message>
    <message>
        <source>The rate for %1 is too large: at most %2.</source>
        <translation>%1 的汇率过大：最多为 %2。</translation>
    </message>
    <message>
        <source>%1 is not a currency code that can be converted.</source>
        <translation>%1 不是可以折算的币种代码。</translation>
    </message>
</context>
<context>
    <name>CustomerAnalyticsView</name>
    <message>
        <source>Lifecycle stage:</source>
        <translation>生命周期：</translation>
    </message>
    <message>
        <source>RFM class:</source>
        <translation>RFM 分类：</translation>
    </message>
    <message>
        <source>Scores (1–5):</source>
        <translation>得分（1–5）：</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Churn:</source>
        <translation>流失：</translation>
    </message>
    <message>
        <source>Lifetime value:</source>
        <translation>累计价值：</translation>
    </message>
    <message>
        <source>Average order value:</source>
        <translation>客单价：</translation>
    </message>
    <message>
        <source>No customer selected.</source>
        <translation>未选择客户。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>The figures could not be computed: %1</source>
        <translation>无法计算数据：%1</translation>
    </message>
    <message>
        <source>R %1 · F %2 · M %3</source>
        <translation>R %1 · F %2 · M %3</translation>
    </message>
    <message>
        <source>Recency, frequency and monetary scores against all buying customers: 5 is the best fifth, 1 the lowest.</source>
        <translation>与所有购买客户相比的最近购买、购买频率和消费金额得分：5 为最好的五分之一，1 为最低。</translation>
    </message>
    <message>
        <source>Total net spend (paid minus refunded) so far.</source>
        <translation>至今的净消费总额（实付减退款）。</translation>
    </message>
</context>
<context>
    <name>CustomerDetailView</name>
    <message>
        <source>Select a customer to see their profile, notes and orders.</source>
        <translation>选择一位客户，查看其资料、笔记和订单。</translation>
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
        <source>Privac&amp;y</source>
        <translation>隐私(&amp;Y)</translation>
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
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Pro&amp;file</source>
        <translation>资料(&amp;F)</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加笔记</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>No&amp;tes</source>
        <translation>笔记(&amp;T)</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Analyti&amp;cs</source>
        <translation>分析(&amp;C)</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>&amp;Points</source>
        <translation>积分(&amp;P)</translation>
    </message>
    <message numerus="yes">
        <source>%n purchase(s), %1 in total; last on %2</source>
        <translation>
            <numerusform>%n 次购买，共 %1；最近一次 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>No purchases counted</source>
        <translation>没有计入的购买</translation>
    </message>
    <message>
        <source>No notes yet. Write the first one below.</source>
        <translation>还没有笔记。在下方写第一条。</translation>
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
        <translation>写一条笔记（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>添加笔记(&amp;A)</translation>
    </message>
    <message>
        <source>Ti&amp;meline</source>
        <translation>时间线(&amp;M)</translation>
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
        <source>Comma-separated, e.g. VIP, regular</source>
        <translation>用逗号分隔，例如 VIP，老客户</translation>
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
        <source>Remar&amp;ks</source>
        <translation>备注(&amp;K)</translation>
    </message>
</context>
<context>
    <name>CustomerFilterPanel</name>
    <message>
        <source>Any stage</source>
        <translation>任意阶段</translation>
    </message>
    <message>
        <source>Any RFM class</source>
        <translation>任意 RFM 分类</translation>
    </message>
    <message>
        <source>Any platform</source>
        <translation>任意平台</translation>
    </message>
    <message>
        <source>Any province</source>
        <translation>任意省份</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Churn &amp;warning only</source>
        <translation>只看流失预警(&amp;W)</translation>
    </message>
    <message>
        <source>Customers who bought on at least 2 days and have gone longer than 1.5× their usual interval (at least 30 days) without buying.</source>
        <translation>至少在 2 天购买过、且未购买时间超过其通常间隔 1.5 倍（至少 30 天）的客户。</translation>
    </message>
    <message>
        <source>Save as se&amp;gment…</source>
        <translation>保存为分群(&amp;G)…</translation>
    </message>
    <message>
        <source>Segments…</source>
        <translation>分群…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Follow-&amp;ups for these…</source>
        <translation>为这些客户建跟进(&amp;U)…</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <source>T&amp;ier:</source>
        <translation>等级(&amp;I)：</translation>
    </message>
    <message>
        <source>T&amp;ag:</source>
        <translation>标签(&amp;A)：</translation>
    </message>
    <message>
        <source>St&amp;age:</source>
        <translation>阶段(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;RFM:</source>
        <translation>&amp;RFM：</translation>
    </message>
    <message>
        <source>&amp;Platform:</source>
        <translation>平台(&amp;P)：</translation>
    </message>
    <message>
        <source>Pro&amp;vince:</source>
        <translation>省份(&amp;V)：</translation>
    </message>
    <message>
        <source>Spen&amp;d:</source>
        <translation>消费(&amp;D)：</translation>
    </message>
    <message>
        <source>Segmen&amp;t:</source>
        <translation>分群(&amp;T)：</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>任意等级</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <source>— Saved segments —</source>
        <translation>— 已保存的分群 —</translation>
    </message>
    <message>
        <source>This amount is below the “from” amount: no customer can match.</source>
        <translation>此金额低于“从”金额：没有客户能符合。</translation>
    </message>
    <message>
        <source>Segment “%1”: %2</source>
        <translation>分群“%1”：%2</translation>
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
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>No customer matches the search and filters.</source>
        <translation>没有符合搜索和筛选条件的客户。</translation>
    </message>
    <message>
        <source>No customers yet. Import your order exports (Ctrl+I): every buyer becomes a customer. Or add one by hand (Ctrl+N).</source>
        <translation>还没有客户。导入平台导出的订单文件（Ctrl+I），每位买家都会成为客户；也可以手动添加（Ctrl+N）。</translation>
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
        <source>Their profile, accounts, tags, notes, follow-ups, feedback and points are removed and cannot be brought back. Their orders stay in your sales figures without any personal data, also when you import an export holding them again. A backup is made first; older backups that still hold them are deleted by the backup rotation within about ten months.</source>
        <translation>其资料、平台账号、标签、笔记、跟进、反馈和积分将被删除，无法恢复。其订单仍保留在销售数据中，但不含任何个人信息；以后再次导入包含这些订单的文件时也是如此。删除前会先备份；仍含有该客户的旧备份会在约十个月内被备份轮换删除。</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <source>Erased. %n order(s) were kept without personal data. Older backups may hold this customer until %1.</source>
        <translation>
            <numerusform>已删除。保留了 %n 笔不含个人信息的订单。旧备份可能在 %1 之前仍含有该客户。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>%1 %2 pts</source>
        <translation>%1 %2 个百分点</translation>
    </message>
    <message>
        <source>▲ new</source>
        <translation>▲ 新</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>Last 3 months</source>
        <translation>最近 3 个月</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>自定义区间</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>区间(&amp;P)：</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Active customers</source>
        <translation>活跃客户</translation>
    </message>
    <message>
        <source>Repurchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <source>Average order value</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>净销售额</translation>
    </message>
    <message>
        <source>Points outstanding</source>
        <translation>未使用积分</translation>
    </message>
    <message>
        <source>Open follow-ups</source>
        <translation>待办跟进</translation>
    </message>
    <message>
        <source>Satisfaction (CSAT)</source>
        <translation>满意度（CSAT）</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>The figures could not be computed: %1</source>
        <translation>无法计算数据：%1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n purchase(s) in %1 are left out of every figure: no conversion rate is set. Give one in Settings ▸ Currency.</source>
        <translation>
            <numerusform>%n 笔 %1 购买未计入任何数据：该币种尚未设置汇率。请在 设置 ▸ 币种 中填写。</numerusform>
        </translation>
    </message>
    <message>
        <source>Compared with %1 – %2</source>
        <translation>对比 %1 – %2</translation>
    </message>
    <message>
        <source>Buyers to date</source>
        <translation>累计购买客户</translation>
    </message>
    <message numerus="yes">
        <source>%n of them in this period.</source>
        <translation>
            <numerusform>其中 %n 笔在所选期间内。</numerusform>
        </translation>
    </message>
    <message>
        <source>None of them in this period.</source>
        <translation>所选期间内没有此类购买。</translation>
    </message>
    <message>
        <source>Customers who had bought by the end of the period (%1 in the database); %2 of them bought in the period.</source>
        <translation>截至期末已购买过的客户（数据库中共 %1 位）；其中 %2 位在本期内购买。</translation>
    </message>
    <message>
        <source>Customers whose first purchase is in the period.</source>
        <translation>首次购买在此区间内的客户。</translation>
    </message>
    <message>
        <source>Customers with a purchase in the 90 days up to the period&apos;s end.</source>
        <translation>在区间结束前 90 天内有购买的客户。</translation>
    </message>
    <message>
        <source>Buyers of the period with at least 2 purchases by its end.</source>
        <translation>区间内购买、且截至区间结束至少购买 2 次的客户。</translation>
    </message>
    <message>
        <source>Net sales per purchase.</source>
        <translation>每笔购买的净销售额。</translation>
    </message>
    <message numerus="yes">
        <source>Paid minus refunded, purchases of the period (%n order(s)).</source>
        <translation>
            <numerusform>区间内购买的实付减退款（%n 笔订单）。</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Points customers hold and could redeem today.</source>
        <translation>客户持有、今天可兑换的积分。</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 条逾期</translation>
    </message>
    <message>
        <source>Open and snoozed follow-ups now.</source>
        <translation>当前待办和已推迟的跟进。</translation>
    </message>
    <message>
        <source>Share of rated feedback with 4 or 5 stars (%1 rated).</source>
        <translation>4 星或 5 星评分的占比（共 %1 个评分）。</translation>
    </message>
    <message>
        <source>Net sales and new customers by month</source>
        <translation>每月净销售额和新客户</translation>
    </message>
    <message>
        <source>No sales yet: import your orders (Ctrl+I)</source>
        <translation>还没有销售：请导入订单（Ctrl+I）</translation>
    </message>
    <message>
        <source>Net sales (%1)</source>
        <translation>净销售额（%1）</translation>
    </message>
    <message>
        <source>Lifecycle stages today</source>
        <translation>当前生命周期分布</translation>
    </message>
    <message>
        <source>No customers yet</source>
        <translation>还没有客户</translation>
    </message>
    <message>
        <source>RFM classes today</source>
        <translation>当前 RFM 分类</translation>
    </message>
    <message>
        <source>No purchases yet</source>
        <translation>还没有购买</translation>
    </message>
    <message>
        <source>Customers by tier</source>
        <translation>各等级客户数</translation>
    </message>
    <message>
        <source>No membership tiers</source>
        <translation>没有会员等级</translation>
    </message>
    <message>
        <source>Top provinces by net sales</source>
        <translation>净销售额前几名的省份</translation>
    </message>
    <message>
        <source>No sales in this period</source>
        <translation>此区间没有销售</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Customers in %1 (by their address)</source>
        <translation>%1 的客户（按客户地址）</translation>
    </message>
    <message>
        <source>Feedback ratings (CSAT %1)</source>
        <translation>反馈评分（CSAT %1）</translation>
    </message>
    <message>
        <source>No rated feedback in this period</source>
        <translation>此区间没有评分反馈</translation>
    </message>
</context>
<context>
    <name>DoneDialog</name>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Optional: what came of it, e.g. called back, very happy</source>
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
    <name>DuplicateTreeModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Platforms</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>May be the same as</source>
        <translation>可能与其为同一人</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>可信度</translation>
    </message>
    <message numerus="yes">
        <source>Group of %n customers: %1</source>
        <translation>
            <numerusform>%n 位客户一组：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>strongest %1</source>
        <translation>最高 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n suggested pairs</source>
        <translation>
            <numerusform>%n 对建议</numerusform>
        </translation>
    </message>
    <message>
        <source>These customers are linked by the pairs below: review and merge them two at a time, or mark a pair as not the same person.</source>
        <translation>这些客户通过下面的配对相关联：请两两审核后合并，或将某一对标记为不是同一人。</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <source>same full phone</source>
        <translation>完整手机号相同</translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>邮箱相同</translation>
    </message>
    <message>
        <source>same name and city</source>
        <translation>姓名和城市相同</translation>
    </message>
    <message>
        <source>same address</source>
        <translation>地址相同</translation>
    </message>
    <message>
        <source>masked phone fits</source>
        <translation>打码手机号吻合</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
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
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Platform accounts</source>
        <translation>平台账号</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
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
        <source>Points entries</source>
        <translation>积分记录</translation>
    </message>
    <message>
        <source>Loyalty membership</source>
        <translation>会员资料</translation>
    </message>
    <message>
        <source>Tier changes</source>
        <translation>等级变化</translation>
    </message>
    <message>
        <source>“Not the same person” marks</source>
        <translation>“不是同一人”标记</translation>
    </message>
    <message>
        <source>Customer number %1</source>
        <translation>客户编号 %1</translation>
    </message>
    <message>
        <source>Orders: %1, paid: %2</source>
        <translation>订单：%1，实付：%2</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <source>Find duplicates looks for customers who are probably one person: the same full phone or e-mail, the same name in the same city, or the same address.</source>
        <translation>“查找重复”会找出可能是同一人的客户：完整手机号或邮箱相同、同城同名，或地址相同。</translation>
    </message>
    <message>
        <source>&amp;Review and merge…</source>
        <translation>审核并合并(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Not the same person</source>
        <translation>不是同一人(&amp;N)</translation>
    </message>
    <message>
        <source>Remember that these two are different people: they are not suggested again.</source>
        <translation>记住这两位是不同的人：以后不再建议。</translation>
    </message>
    <message>
        <source>Undo &amp;mark</source>
        <translation>撤销标记(&amp;M)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Merged into it</source>
        <translation>并入</translation>
    </message>
    <message>
        <source>Values taken from it</source>
        <translation>取自被并入者的值</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Undo merge…</source>
        <translation>撤销合并(&amp;U)…</translation>
    </message>
    <message>
        <source>Show &amp;kept customer</source>
        <translation>查看保留的客户(&amp;K)</translation>
    </message>
    <message>
        <source>Merges are undone newest first: a merge that a later one built on says which to undo first.</source>
        <translation>合并需从最新的开始撤销：如果之后的合并依赖它，会提示先撤销哪一次。</translation>
    </message>
    <message>
        <source>Find &amp;duplicates</source>
        <translation>查找重复(&amp;D)</translation>
    </message>
    <message>
        <source>Show c&amp;ustomer</source>
        <translation>查看客户(&amp;U)</translation>
    </message>
    <message>
        <source>Su&amp;ggestions</source>
        <translation>建议(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Merge history</source>
        <translation>合并记录(&amp;M)</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>查找失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) of customers may be one person.</source>
        <translation>
            <numerusform>有 %n 对客户可能是同一人。</numerusform>
        </translation>
    </message>
    <message>
        <source>No likely duplicates found.</source>
        <translation>没有发现可能的重复客户。</translation>
    </message>
    <message numerus="yes">
        <source>Left out %n value(s) shared by too many customers (a shop&apos;s own phone, a common name).</source>
        <translation>
            <numerusform>忽略了 %n 个被太多客户共用的值（例如店铺自己的电话、常见姓名）。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (number %2)</source>
        <translation>%1（编号 %2）</translation>
    </message>
    <message>
        <source>Review and merge</source>
        <translation>审核并合并</translation>
    </message>
    <message>
        <source>Merged %1 into %2. The merge history can undo it.</source>
        <translation>已将 %1 并入 %2。可在合并记录中撤销。</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>不是同一人</translation>
    </message>
    <message>
        <source>Are %1 and %2 different people? They will not be suggested again.</source>
        <translation>%1 和 %2 是不同的人吗？以后不再建议。</translation>
    </message>
    <message>
        <source>%1 and %2 are marked as different people and will not be suggested again.</source>
        <translation>已将 %1 和 %2 标记为不同的人，以后不再建议。</translation>
    </message>
    <message>
        <source>%1 and %2 are suggested again.</source>
        <translation>%1 和 %2 会再次被建议。</translation>
    </message>
    <message>
        <source>(no longer exists)</source>
        <translation>（已不存在）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>undone %1</source>
        <translation>已于 %1 撤销</translation>
    </message>
    <message>
        <source>Put both customers back as they were before this merge.</source>
        <translation>把两位客户恢复到合并前的样子。</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>撤销合并</translation>
    </message>
    <message>
        <source>Undo the merge of %1 into %2?</source>
        <translation>撤销将 %1 并入 %2 的合并？</translation>
    </message>
    <message>
        <source>%1 comes back with its orders, platform accounts, tags, notes and points, and %2 gets back the values it had. A backup is made first.</source>
        <translation>%1 会带着其订单、平台账号、标签、笔记和积分恢复，%2 恢复原来的值。撤销前会先备份。</translation>
    </message>
    <message>
        <source>No backup could be made, so the merge was not undone: %1</source>
        <translation>无法备份，因此没有撤销合并：%1</translation>
    </message>
    <message>
        <source>%1 is back as a customer of its own.</source>
        <translation>%1 已恢复为独立客户。</translation>
    </message>
    <message>
        <source>Values changed since the merge were left as they are: %1.</source>
        <translation>合并后改过的值保持不变：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) deleted since the merge stay deleted.</source>
        <translation>
            <numerusform>合并后删除的 %n 行保持删除。</numerusform>
        </translation>
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
        <source>The database is open read-only.</source>
        <translation>数据库以只读方式打开。</translation>
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
    <message numerus="yes">
        <source>%n earlier backup(s) were encrypted too.</source>
        <translation>
            <numerusform>之前的 %n 个备份也已加密。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) could not be encrypted and can still be read without the passphrase: %1. Delete them if you do not need them.</source>
        <translation>
            <numerusform>%n 个备份无法加密，不需要密码即可读取：%1。如不再需要，请将其删除。</numerusform>
        </translation>
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
    <name>ExportColumns</name>
    <message>
        <source>Customer ID</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
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
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>购买次数</translation>
    </message>
    <message>
        <source>Total spent (net)</source>
        <translation>累计消费（净额）</translation>
    </message>
    <message>
        <source>Average order value</source>
        <translation>客单价</translation>
    </message>
    <message>
        <source>First purchase</source>
        <translation>首次购买</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Days since last purchase</source>
        <translation>距上次购买天数</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>RFM class</source>
        <translation>RFM 分类</translation>
    </message>
    <message>
        <source>R score</source>
        <translation>R 得分</translation>
    </message>
    <message>
        <source>F score</source>
        <translation>F 得分</translation>
    </message>
    <message>
        <source>M score</source>
        <translation>M 得分</translation>
    </message>
    <message>
        <source>Churn warning</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export customers</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>Segment “%1”: %2</source>
        <translation>分群“%1”：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) will be exported.</source>
        <translation>
            <numerusform>将导出 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <source>Always included: it tells the rows apart.</source>
        <translation>总是包含：用于区分各行。</translation>
    </message>
    <message>
        <source>&amp;Defaults</source>
        <translation>默认(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;All</source>
        <translation>全部(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Name only</source>
        <translation>仅名称(&amp;N)</translation>
    </message>
    <message>
        <source>E&amp;xcel workbook (.xlsx)</source>
        <translation>E&amp;xcel 工作簿 (.xlsx)</translation>
    </message>
    <message>
        <source>CS&amp;V text (.csv)</source>
        <translation>CS&amp;V 文本 (.csv)</translation>
    </message>
    <message>
        <source>UTF-8 with BOM (Excel, WPS, Numbers)</source>
        <translation>带 BOM 的 UTF-8（Excel、WPS、Numbers）</translation>
    </message>
    <message>
        <source>GBK (older Chinese software)</source>
        <translation>GBK（较旧的中文软件）</translation>
    </message>
    <message>
        <source>Chinese (客户名, 手机 …)</source>
        <translation>中文（客户名、手机…）</translation>
    </message>
    <message>
        <source>English (Name, Phone …)</source>
        <translation>英文（Name、Phone…）</translation>
    </message>
    <message>
        <source>Column keys (display_name, phone …)</source>
        <translation>列键名（display_name、phone…）</translation>
    </message>
    <message>
        <source>Write &amp;full contact details</source>
        <translation>写入完整联系方式(&amp;F)</translation>
    </message>
    <message>
        <source>Off: phones are masked (138****1234), e-mails shortened (z***@example.com) and addresses cut to province and city.</source>
        <translation>关闭时：手机号打码（138****1234），邮箱缩写（z***@example.com），地址只保留省市。</translation>
    </message>
    <message>
        <source>Phones, e-mails and street addresses are written in full. Keep the file safe and delete it when it is no longer needed.</source>
        <translation>手机号、邮箱和详细地址将完整写入。请妥善保管文件，不再需要时删除。</translation>
    </message>
    <message>
        <source>Customers:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>&amp;Columns:</source>
        <translation>列(&amp;C)：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>CSV enc&amp;oding:</source>
        <translation>CSV 编码(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>表头(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n customer(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 位客户导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. No file was written.</source>
        <translation>已取消，没有写入文件。</translation>
    </message>
    <message>
        <source>The file could not be written: %1</source>
        <translation>无法写入文件：%1</translation>
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
        <source>Logged on %1.</source>
        <translation>记录于 %1。</translation>
    </message>
    <message>
        <source>Resolved on %1: %2</source>
        <translation>已于 %1 解决：%2</translation>
    </message>
    <message>
        <source>Resolved on %1.</source>
        <translation>已于 %1 解决。</translation>
    </message>
    <message>
        <source>%1 (removed by an undone import)</source>
        <translation>%1（已被撤销的导入移除）</translation>
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
        <source>Words in the feedback, or a customer&apos;s name</source>
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
        <source>Fro&amp;m</source>
        <translation>从(&amp;M)</translation>
    </message>
    <message>
        <source>Open c&amp;ustomer</source>
        <translation>打开客户(&amp;U)</translation>
    </message>
    <message>
        <source>&lt;b&gt;CSAT —&lt;/b&gt;&lt;br&gt;No ratings yet</source>
        <translation>&lt;b&gt;满意度 —&lt;/b&gt;&lt;br&gt;还没有评分</translation>
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
        <source>&lt;b&gt;Average —&lt;/b&gt;&lt;br&gt;No ratings yet</source>
        <translation>&lt;b&gt;平均 —&lt;/b&gt;&lt;br&gt;还没有评分</translation>
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
        <source>&lt;b&gt;Time to resolve —&lt;/b&gt;&lt;br&gt;Nothing resolved yet</source>
        <translation>&lt;b&gt;解决用时 —&lt;/b&gt;&lt;br&gt;还没有已解决的反馈</translation>
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
        <translation>&lt;b&gt;%1内解决&lt;/b&gt;&lt;br&gt;%2 条已解决的中位数</translation>
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
        <source>No feedback matches the filters.</source>
        <translation>没有符合筛选条件的反馈。</translation>
    </message>
    <message>
        <source>No feedback yet — log a complaint, praise or return with %1 (%2).</source>
        <translation>还没有反馈——可用“%1”（%2）记录投诉、表扬或退货。</translation>
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
    <message numerus="yes">
        <source>Marked %n feedback entry(ies) in progress.</source>
        <translation>
            <numerusform>已将 %n 条反馈标为处理中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Resolved %n feedback entry(ies).</source>
        <translation>
            <numerusform>已解决 %n 条反馈。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopened %n feedback entry(ies).</source>
        <translation>
            <numerusform>已重新打开 %n 条反馈。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected entry(ies) were not open: left as they were.</source>
        <translation>
            <numerusform>所选中有 %n 条不是待处理状态，保持不变。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected entry(ies) were already resolved: left as they were.</source>
        <translation>
            <numerusform>所选中有 %n 条已解决，保持不变。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected entry(ies) were not resolved: left as they were.</source>
        <translation>
            <numerusform>所选中有 %n 条未解决，保持不变。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete this %1 from %2?</source>
        <translation>删除 %2 的这条%1？</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n feedback entry(ies)?</source>
        <translation>
            <numerusform>删除 %n 条反馈？</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>Deleted %n feedback entry(ies).</source>
        <translation>
            <numerusform>已删除 %n 条反馈。</numerusform>
        </translation>
    </message>
    <message>
        <source>Feedback saved.</source>
        <translation>反馈已保存。</translation>
    </message>
</context>
<context>
    <name>FeedbackTableModel</name>
    <message>
        <source>Resolved on %1</source>
        <translation>已于 %1 解决</translation>
    </message>
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
        <source>Buyer&apos;s message</source>
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
    <name>FileErrorCounts</name>
    <message numerus="yes">
        <source>no known export header (Taobao, 千牛, JD, Pinduoduo, Douyin, Shopify, WooCommerce, Etsy, eBay) in the first %1 rows of %n sheet(s): choose the platform or map the columns</source>
        <translation>
            <numerusform>在 %n 个工作表的前 %1 行中没有找到已知的导出表头（淘宝、千牛、京东、拼多多、抖音、Shopify、WooCommerce、Etsy、eBay）：请选择平台或映射列</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileErrors</name>
    <message>
        <source>this is a binary file, not a spreadsheet or CSV export</source>
        <translation>这是二进制文件，不是表格或 CSV 导出文件</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>the file was not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>this is not a file</source>
        <translation>这不是一个文件</translation>
    </message>
    <message>
        <source>%1 is %2 MB; files over %3 MB are refused</source>
        <translation>%1 有 %2 MB；超过 %3 MB 的文件不予导入</translation>
    </message>
    <message>
        <source>%1 has %2 lines and %3 cells, more than one import reads (%4 lines, %5 cells); export a shorter period</source>
        <translation>%1 有 %2 行、%3 个单元格，超过一次导入能读取的上限（%4 行、%5 个单元格）；请导出更短的时间段</translation>
    </message>
    <message>
        <source>%1 is not a readable workbook (%2)</source>
        <translation>%1 不是可读取的工作簿（%2）</translation>
    </message>
    <message>
        <source>%1 has no worksheets</source>
        <translation>%1 没有工作表</translation>
    </message>
    <message>
        <source>not a readable CSV file (%1)</source>
        <translation>不是可读取的 CSV 文件（%1）</translation>
    </message>
    <message>
        <source>cannot tell the text encoding (not UTF-8, UTF-16 or GBK); save it as UTF-8 CSV</source>
        <translation>无法判断文本编码（不是 UTF-8、UTF-16 或 GBK）；请另存为 UTF-8 CSV</translation>
    </message>
    <message>
        <source>not a %1 export: missing columns %2</source>
        <translation>不是 %1 的导出文件：缺少列 %2</translation>
    </message>
    <message>
        <source>%1 columns are named %2; the mapping must say which: %3</source>
        <translation>有 %1 列都叫 %2；映射必须指明用哪一列：%3</translation>
    </message>
    <message>
        <source>this is a %1 file (item lines only); import the order file exported with it (ExportOrderList…), which picks this file up from the same folder</source>
        <translation>这是%1文件（只有商品明细）；请导入同时导出的订单文件（ExportOrderList…），它会自动读取同一文件夹中的此文件</translation>
    </message>
    <message>
        <source>no reader for %1 exports yet; map the columns instead</source>
        <translation>暂不支持读取 %1 的导出文件；请改为映射列</translation>
    </message>
    <message>
        <source>this is a %1 file (customers), not orders: import it as customers</source>
        <translation>这是%1文件（客户名单），不是订单：请作为客户名单导入</translation>
    </message>
    <message>
        <source>this is a %1 file (orders), not customers: import it as orders</source>
        <translation>这是%1文件（订单），不是客户名单：请作为订单导入</translation>
    </message>
    <message>
        <source>cannot open the file (%1)</source>
        <translation>无法打开文件（%1）</translation>
    </message>
    <message>
        <source>%1 is damaged (%2): download or copy it again</source>
        <translation>%1 已损坏（%2）：请重新下载或复制</translation>
    </message>
    <message>
        <source>the file starts with a UTF-8 mark but is not valid text</source>
        <translation>文件以 UTF-8 标记开头，但内容不是有效文本</translation>
    </message>
    <message>
        <source>not valid %1 text</source>
        <translation>不是有效的 %1 文本</translation>
    </message>
    <message>
        <source>%1 is refused: %2</source>
        <translation>%1 已被拒绝：%2</translation>
    </message>
    <message>
        <source>the store has no currency yet and these amounts name none: choose the currency they are in (Amounts in, in the import wizard&apos;s mapping); the first import sets the store&apos;s</source>
        <translation>店铺尚未设定币种，而这些金额没有写明币种：请在导入向导的列映射中选择金额币种；首次导入会设定店铺币种</translation>
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
        <source>No next occurrence for %n repeating follow-up(s): there is no date after 9999-12-31.</source>
        <translation>
            <numerusform>%n 条重复跟进没有下一次：9999-12-31 之后没有日期。</numerusform>
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
    <message numerus="yes">
        <source>%n win-back(s) not reopened: one customer has one win-back open at a time.</source>
        <translation>
            <numerusform>%n 条挽回提醒未重新打开：每位客户同时只保留一条未完成的挽回提醒。</numerusform>
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
        <source>What to do, e.g. Call back: how do they like it?</source>
        <translation>要做什么，例如 回访：使用体验怎么样</translation>
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
        <source>Closed automatically: the customer bought again.</source>
        <translation>已自动关闭：客户已再次购买。</translation>
    </message>
    <message>
        <source>Closed automatically: no longer in churn warning.</source>
        <translation>已自动关闭：不再处于流失预警。</translation>
    </message>
    <message>
        <source>Closed automatically: the complaint was resolved.</source>
        <translation>已自动关闭：投诉已解决。</translation>
    </message>
    <message>
        <source>Closed automatically: the complaint was removed or is no longer one.</source>
        <translation>已自动关闭：投诉已删除或不再是投诉。</translation>
    </message>
    <message>
        <source>Closed automatically: the order was removed.</source>
        <translation>已自动关闭：订单已被移除。</translation>
    </message>
    <message>
        <source>Closed automatically: the order is no longer completed.</source>
        <translation>已自动关闭：订单不再是已完成状态。</translation>
    </message>
    <message>
        <source>Closed automatically: the order now belongs to another customer.</source>
        <translation>已自动关闭：订单现属于另一位客户。</translation>
    </message>
    <message>
        <source>Closed automatically: the complaint now belongs to another customer.</source>
        <translation>已自动关闭：这条投诉现在属于另一位客户。</translation>
    </message>
    <message>
        <source>Closed automatically: the rule was switched off.</source>
        <translation>已自动关闭：该规则已关闭。</translation>
    </message>
    <message>
        <source>Closed automatically: the birthday was removed.</source>
        <translation>已自动关闭：生日已删除。</translation>
    </message>
    <message>
        <source>Closed automatically: the birthday was changed.</source>
        <translation>已自动关闭：生日已更改。</translation>
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
    <name>FollowUpRulesPage</name>
    <message>
        <source>Desktop CRM makes these follow-ups itself, after every import and at start-up. Switching a rule off closes its open follow-ups (done ones stay in the history); switching it back on brings them back at once. Changing the days moves the due dates of the open ones.</source>
        <translation>Desktop CRM 会在每次导入后和启动时自动生成这些跟进。关闭某条规则会关闭它未完成的跟进（已完成的保留在记录中）；重新打开会立即恢复它们。修改天数会调整未完成跟进的到期日。</translation>
    </message>
    <message>
        <source>&amp;Birthday greetings</source>
        <translation>生日祝福(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Days before the birthday:</source>
        <translation>生日前天数(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Win back customers in churn warning (due the day they are found)</source>
        <translation>挽回流失预警客户（发现当天到期）(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;After-sale check-ins (when the export gives a completion time)</source>
        <translation>售后回访（导出文件有成交/完成时间时）(&amp;A)</translation>
    </message>
    <message>
        <source>Days after the order &amp;completes:</source>
        <translation>订单完成后天数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Unresolved complaints</source>
        <translation>未解决的投诉(&amp;U)</translation>
    </message>
    <message>
        <source>Days after the complaint was &amp;logged:</source>
        <translation>投诉记录后天数(&amp;L)：</translation>
    </message>
    <message>
        <source>Enter a number of days.</source>
        <translation>请输入天数。</translation>
    </message>
    <message>
        <source>Enter a number of days from %1 to %2.</source>
        <translation>请输入 %1 到 %2 之间的天数。</translation>
    </message>
    <message>
        <source>This rule cannot be saved as it is.</source>
        <translation>此规则当前无法保存。</translation>
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
        <source>Due fro&amp;m</source>
        <translation>到期从(&amp;M)</translation>
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
        <source>Snoo&amp;ze ▾</source>
        <translation>推迟(&amp;Z) ▾</translation>
    </message>
    <message>
        <source>Open c&amp;ustomer</source>
        <translation>打开客户(&amp;U)</translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s)</source>
        <translation>
            <numerusform>%n 条跟进</numerusform>
        </translation>
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
        <source>No follow-up matches the search and filters.</source>
        <translation>没有符合搜索和筛选条件的跟进。</translation>
    </message>
    <message>
        <source>No follow-ups yet. Import your order exports (Ctrl+I) or add a customer (Ctrl+N): birthdays, win-backs and after-sale check-ins then appear here.</source>
        <translation>还没有跟进。导入订单文件（Ctrl+I）或添加客户（Ctrl+N）后，生日、挽回和售后回访提醒会出现在这里。</translation>
    </message>
    <message>
        <source>No follow-ups yet. New follow-up… adds one; birthdays, win-backs and after-sale check-ins appear here as their rules make them (Settings › Follow-ups).</source>
        <translation>还没有跟进。点“新建跟进…”添加一条；生日、挽回和售后回访提醒会按规则自动出现在这里（设置 › 跟进）。</translation>
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
        <source>Interface &amp;language:</source>
        <translation>界面语言(&amp;L)：</translation>
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
        <source>Undone</source>
        <comment>state of an import</comment>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Imported</source>
        <comment>state of an import</comment>
        <translation>已导入</translation>
    </message>
    <message>
        <source>No imports yet. Import your order exports (Ctrl+I), or drop the files on this window: each import is listed here with its receipt, and can be undone.</source>
        <translation>还没有导入。导入订单文件（Ctrl+I），或把文件拖到本窗口：每次导入都会在这里列出回执，并且可以撤销。</translation>
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
        <source>Not imported: %1</source>
        <translation>未导入：%1</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <source>Import stopped</source>
        <translation>导入已停止</translation>
    </message>
    <message>
        <source>An unexpected error stopped the imports.</source>
        <translation>一个意外错误使导入停止了。</translation>
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
    <message numerus="yes">
        <source>%n order(s) it added are removed.</source>
        <translation>
            <numerusform>它新增的 %n 个订单将被删除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) it changed are put back as they were.</source>
        <translation>
            <numerusform>它更改的 %n 个订单将恢复原状。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) it changed are put back as they were.</source>
        <translation>
            <numerusform>它更改的 %n 位客户将恢复原状。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s) it gave to customers are taken off.</source>
        <translation>
            <numerusform>它给客户加上的 %n 个标签将被移除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) it created are removed.</source>
        <translation>
            <numerusform>它创建的 %n 位客户将被删除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n feedback entry(ies)</source>
        <translation>
            <numerusform>%n 条反馈</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s)</source>
        <translation>
            <numerusform>%n 条跟进</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n points change(s)</source>
        <translation>
            <numerusform>%n 笔积分变动</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n 条笔记</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) it created are removed, with what you added to them since: %1.</source>
        <translation>
            <numerusform>它创建的 %n 位客户将被删除，连同您之后为他们添加的内容：%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the items of a list</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>It added and changed nothing: only its record goes.</source>
        <translation>它没有新增或更改任何内容：只删除它的导入记录。</translation>
    </message>
    <message>
        <source>Undo the import of %1 (%2)?</source>
        <translation>撤销 %1（%2）的导入？</translation>
    </message>
    <message>
        <source>Undoing the import of %1…</source>
        <translation>正在撤销 %1 的导入…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) removed</source>
        <translation>
            <numerusform>删除 %n 个订单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n put back</source>
        <translation>
            <numerusform>恢复 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) removed</source>
        <translation>
            <numerusform>删除 %n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>The import of %1 was undone.</source>
        <translation>已撤销 %1 的导入。</translation>
    </message>
    <message>
        <source>The import of %1 was undone: %2.</source>
        <translation>已撤销 %1 的导入：%2。</translation>
    </message>
</context>
<context>
    <name>ImportNotes</name>
    <message>
        <source>duplicate column %1: the first is used; the others are %2</source>
        <translation>列名 %1 重复：使用第一列，其余为 %2</translation>
    </message>
    <message>
        <source>sheet %1 was read</source>
        <translation>已读取工作表 %1</translation>
    </message>
    <message>
        <source>sheet %1 has the same columns but was not read (one sheet per import: map that sheet to import it)</source>
        <translation>工作表 %1 的列相同，但未被读取（每次导入只读一个工作表：在列映射中选择该工作表即可导入）</translation>
    </message>
    <message>
        <source>sheet %1 was joined by %2 (%3)</source>
        <translation>已按 %2 合并工作表 %1（%3）</translation>
    </message>
    <message>
        <source>sheet %1 lists %2 order(s) with no rows on sheet %3, not imported: %4</source>
        <translation>工作表 %1 中有 %2 笔订单在工作表 %3 中没有对应行，未导入：%4</translation>
    </message>
    <message>
        <source>order %1 appears again on row %2 with different values (first on row %3); the later row is used</source>
        <translation>订单 %1 在第 %2 行再次出现且内容不同（首次出现在第 %3 行）；采用后一行</translation>
    </message>
    <message>
        <source>a customer appears again on row %1 with different values (first on row %2); the later row is used</source>
        <translation>有一位客户在第 %1 行再次出现且内容不同（首次出现在第 %2 行）；采用后一行</translation>
    </message>
    <message>
        <source>order %1 repeated; row %2 was used</source>
        <translation>订单 %1 重复；采用第 %2 行</translation>
    </message>
    <message>
        <source>%1: detail files apply to Taobao only; ignored</source>
        <translation>%1：明细文件仅适用于淘宝，已忽略</translation>
    </message>
    <message>
        <source>%1 row %2 skipped: %3</source>
        <translation>%1 第 %2 行已跳过：%3</translation>
    </message>
    <message>
        <source>%1: %2 rows skipped in all</source>
        <translation>%1：共跳过 %2 行</translation>
    </message>
    <message>
        <source>%1: item lines of %2 order(s) not in the order file were ignored</source>
        <translation>%1：有 %2 笔订单不在订单文件中，其商品明细已忽略</translation>
    </message>
    <message>
        <source>order %1: refund larger than the paid amount, capped at paid</source>
        <translation>订单 %1：退款金额大于实付金额，已按实付金额计</translation>
    </message>
    <message>
        <source>order %1: 退款金额 is the coupon difference (应付 − 实付), not a refund</source>
        <translation>订单 %1：退款金额是优惠差额（应付 − 实付），不是退款</translation>
    </message>
    <message>
        <source>order %1: rows disagree on 应付金额; row %2 is used</source>
        <translation>订单 %1：各行的应付金额不一致；采用第 %2 行</translation>
    </message>
    <message>
        <source>order %1: its rows carry different 订单应付金额, taken as each 子订单&apos;s own and added up</source>
        <translation>订单 %1：各行的订单应付金额不同，视为各子订单的金额并相加</translation>
    </message>
    <message>
        <source>order %1: its rows carry each item&apos;s own 买家实际支付金额, added up</source>
        <translation>订单 %1：各行的买家实际支付金额是各件宝贝自己的，已相加</translation>
    </message>
    <message>
        <source>order %1: its rows carry the same 订单应付金额, which fits each 子订单&apos;s goods: taken as each 子订单&apos;s own and added up</source>
        <translation>订单 %1：各行的订单应付金额相同，且与各子订单的商品金额相符，视为各子订单的金额并相加</translation>
    </message>
    <message>
        <source>1 order of an erased customer was kept without a customer</source>
        <translation>1 笔订单属于已删除个人数据的客户，保留为无客户订单</translation>
    </message>
    <message>
        <source>%1 orders of erased customers were kept without a customer</source>
        <translation>%1 笔订单属于已删除个人数据的客户，保留为无客户订单</translation>
    </message>
    <message>
        <source>row %1: %2; the birthday was left out</source>
        <translation>第 %1 行：%2；生日未导入</translation>
    </message>
    <message>
        <source>row %1: the birthday %2 is in the future; it was left out</source>
        <translation>第 %1 行：生日 %2 在今天之后；生日未导入</translation>
    </message>
    <message>
        <source>row %1: the birthday %2 is more than 130 years ago; it was left out</source>
        <translation>第 %1 行：生日 %2 在 130 年以前；生日未导入</translation>
    </message>
    <message>
        <source>1 person on this list was erased earlier and was not added again</source>
        <translation>名单中有 1 人的个人数据此前已删除，未再次添加</translation>
    </message>
    <message>
        <source>%1 people on this list were erased earlier and were not added again</source>
        <translation>名单中有 %1 人的个人数据此前已删除，未再次添加</translation>
    </message>
    <message>
        <source>row %1: its phone fits %2 customers (%3); it was matched to the first. Merge them if they are one person</source>
        <translation>第 %1 行：其手机号对应 %2 位客户（%3），已匹配到第一位。如果是同一个人，请合并他们</translation>
    </message>
    <message>
        <source>row %1: its e-mail fits %2 customers (%3); it was matched to the first. Merge them if they are one person</source>
        <translation>第 %1 行：其邮箱对应 %2 位客户（%3），已匹配到第一位。如果是同一个人，请合并他们</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import exports</source>
        <translation>导入文件</translation>
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
        <source>Status words</source>
        <translation>状态用词</translation>
    </message>
    <message>
        <source>Name of this layout, e.g. My shop&apos;s sheet</source>
        <translation>为这种表格起个名字，例如：我的店铺账本</translation>
    </message>
    <message>
        <source>&amp;Save mapping</source>
        <translation>保存映射(&amp;S)</translation>
    </message>
    <message>
        <source>E&amp;xport mapping…</source>
        <translation>导出映射(&amp;X)…</translation>
    </message>
    <message>
        <source>Save this mapping as a JSON file, for desktop-crm import --mapping</source>
        <translation>把此映射存为 JSON 文件，供 desktop-crm import --mapping 使用</translation>
    </message>
    <message>
        <source>&amp;Load mapping…</source>
        <translation>载入映射(&amp;L)…</translation>
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
        <source>This file has no column named %1; choose those fields again.</source>
        <translation>此文件没有名为 %1 的列；请重新为这些字段选择列。</translation>
    </message>
    <message>
        <source>Add export files</source>
        <translation>添加导出文件</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Re&amp;ceipts</source>
        <translation>回执(&amp;C)</translation>
    </message>
    <message>
        <source>Close the wizard (Esc)</source>
        <translation>关闭向导（Esc）</translation>
    </message>
    <message>
        <source>Files can be added when this import has finished.</source>
        <translation>这次导入完成后才能添加文件。</translation>
    </message>
    <message numerus="yes">
        <source>Reading %n file(s)…</source>
        <translation>
            <numerusform>正在读取 %n 个文件…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to import was found there: add spreadsheets or CSV files.</source>
        <translation>那里没有可导入的文件：请添加表格或 CSV 文件。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
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
        <source>%1 (column %2)</source>
        <translation>%1（第 %2 列）</translation>
    </message>
    <message>
        <source>Amounts in:</source>
        <translation>金额币种：</translation>
    </message>
    <message>
        <source>As written (a sign such as $), else %1</source>
        <translation>按金额所写（如 $ 符号），否则为 %1</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>For rows that name no currency themselves.</source>
        <translation>用于本身未写明币种的行。</translation>
    </message>
    <message>
        <source>As usual: %1</source>
        <translation>按常规：%1</translation>
    </message>
    <message>
        <source>Not known: its rows are skipped</source>
        <translation>未知：这些行将被跳过</translation>
    </message>
    <message>
        <source>The first %1 words are listed; is this the status column?</source>
        <translation>只列出前 %1 个词；这是状态列吗？</translation>
    </message>
    <message>
        <source>Choose a column for: %1.</source>
        <translation>请为以下字段选择列：%1。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Choose which currency the amounts are in (Amounts in): your first import sets the store&apos;s.</source>
        <translation>请选择金额的币种（金额币种）：首次导入会设定店铺币种。</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存映射</translation>
    </message>
    <message>
        <source>The mapping “%1” is saved. Files with these columns are still recognised as %2; choosing Map columns… for one reads it with this mapping.</source>
        <translation>映射“%1”已保存。含这些列的文件仍会被识别为 %2；为文件选择“映射列…”即按此映射读取。</translation>
    </message>
    <message>
        <source>The mapping “%1” is offered again for files with the same columns.</source>
        <translation>以后导入列名相同的文件时，会自动使用映射“%1”。</translation>
    </message>
    <message>
        <source>Export mapping</source>
        <translation>导出映射</translation>
    </message>
    <message>
        <source>Mapping (*.json)</source>
        <translation>映射 (*.json)</translation>
    </message>
    <message>
        <source>Load mapping</source>
        <translation>载入映射</translation>
    </message>
    <message>
        <source>Mapping (*.json);;All files (*)</source>
        <translation>映射 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>This is not a mapping the import can use.

%1</source>
        <translation>这不是导入可用的映射。

%1</translation>
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
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
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
        <source>%1 — rows read: %2; records shown: %3; rows to skip (in red): %4.</source>
        <translation>%1 — 读取行数：%2；显示记录：%3；将跳过的行（红色）：%4。</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n file(s) in turn…</source>
        <translation>
            <numerusform>正在依次检查 %n 个文件…</numerusform>
        </translation>
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
        <source>not imported: the import stopped on an error</source>
        <translation>未导入：导入因错误而停止</translation>
    </message>
    <message>
        <source>cancelled: nothing was changed</source>
        <translation>已取消：没有任何改动</translation>
    </message>
    <message>
        <source>not imported: cancelled before its turn</source>
        <translation>未导入：轮到它之前已取消</translation>
    </message>
    <message>
        <source>an unexpected error stopped its import; nothing was changed (the error report says more)</source>
        <translation>意外错误使它的导入停止；没有任何改动（错误报告里有详情）</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more note(s)</source>
        <translation>
            <numerusform>……另有 %n 条说明</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped by an error after %n file(s) were imported.</source>
        <translation>
            <numerusform>已导入 %n 个文件后因错误停止。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped by an error: nothing was imported.</source>
        <translation>因错误停止：没有导入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n file(s) were imported.</source>
        <translation>
            <numerusform>已取消，此前已导入 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：没有导入任何内容。</translation>
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
        <source>Nothing was imported.</source>
        <translation>没有导入任何内容。</translation>
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
        <translation>抖音</translation>
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
        <source>At most %1 characters.</source>
        <translation>最多 %1 个字符。</translation>
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
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>usually buys every day</source>
        <translation>通常每天购买</translation>
    </message>
    <message>
        <source>usually buys every %1 days</source>
        <translation>通常每 %1 天购买一次</translation>
    </message>
</context>
<context>
    <name>Layout</name>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
</context>
<context>
    <name>LedgerTableModel</name>
    <message>
        <source>%1 (%2 left)</source>
        <translation>%1（剩余 %2）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期日</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
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
        <source>Lock after being &amp;idle for:</source>
        <translation>空闲多久后锁定(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>再输一次(&amp;R)：</translation>
    </message>
    <message>
        <source>Current pass&amp;word:</source>
        <translation>当前密码(&amp;W)：</translation>
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
        <source>Password</source>
        <translation>密码</translation>
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
    <name>LoyaltyLabels</name>
    <message>
        <source>Earned</source>
        <translation>消费获得</translation>
    </message>
    <message>
        <source>Taken back (refund)</source>
        <translation>退款扣回</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已兑换</translation>
    </message>
    <message>
        <source>Adjusted by hand</source>
        <translation>手动调整</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Birthday gift</source>
        <translation>生日赠送</translation>
    </message>
    <message>
        <source>Referral reward</source>
        <translation>推荐奖励</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>普通会员</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>银卡会员</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金卡会员</translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation>钻石会员</translation>
    </message>
    <message>
        <source>Added (exchange rate changed)</source>
        <translation>增加（汇率变更）</translation>
    </message>
    <message>
        <source>Taken back (exchange rate changed)</source>
        <translation>扣回（汇率变更）</translation>
    </message>
    <message>
        <source>Added (points rules changed)</source>
        <translation>增加（积分规则变更）</translation>
    </message>
    <message>
        <source>Taken back (points rules changed)</source>
        <translation>扣回（积分规则变更）</translation>
    </message>
    <message>
        <source>Added (import undone)</source>
        <translation>增加（导入已撤销）</translation>
    </message>
    <message>
        <source>Taken back (import undone)</source>
        <translation>扣回（导入已撤销）</translation>
    </message>
    <message>
        <source>birthday month</source>
        <translation>生日月</translation>
    </message>
    <message>
        <source>purchase undone</source>
        <translation>购买已撤销</translation>
    </message>
    <message>
        <source>set by hand: %1</source>
        <translation>手动调整：%1</translation>
    </message>
    <message>
        <source>tier %1 removed</source>
        <translation>等级“%1”已删除</translation>
    </message>
    <message>
        <source>spend %1 in the 365 days to %2; %3 from %4</source>
        <translation>截至 %2 的 365 天消费 %1；%3 门槛 %4</translation>
    </message>
    <message>
        <source> (downgrades off)</source>
        <translation>（不自动降级）</translation>
    </message>
    <message>
        <source>override ended; </source>
        <translation>手动等级到期；</translation>
    </message>
    <message>
        <source>%1 spent in the last 12 months; by spend alone: %2.</source>
        <translation>近 12 个月消费 %1；仅按消费：%2。</translation>
    </message>
    <message>
        <source>%1 spent in the last 12 months; %2 from %3, kept because downgrades are off (by spend alone: %4).</source>
        <translation>近 12 个月消费 %1；%2 起点 %3，因未开启降级而保留（仅按消费：%4）。</translation>
    </message>
    <message>
        <source>%1 spent in the last 12 months; %2 from %3 (the highest tier).</source>
        <translation>近 12 个月消费 %1；%2 起点 %3（最高等级）。</translation>
    </message>
    <message>
        <source>%1 spent in the last 12 months; %2 from %3; enough for %4 at the next evaluation.</source>
        <translation>近 12 个月消费 %1；%2 起点 %3；下次评定时可升为%4。</translation>
    </message>
    <message>
        <source>%1 spent in the last 12 months; %2 from %3; %4 more for %5.</source>
        <translation>近 12 个月消费 %1；%2 起点 %3；再消费 %4 可升为%5。</translation>
    </message>
    <message>
        <source>Set by hand until %1: %2</source>
        <translation>手动设定，至 %1：%2</translation>
    </message>
    <message>
        <source>Set by hand: %1</source>
        <translation>手动设定：%1</translation>
    </message>
    <message>
        <source>(order of %1)</source>
        <translation>（%1 的订单）</translation>
    </message>
    <message>
        <source>(order removed)</source>
        <translation>（订单已删除）</translation>
    </message>
    <message>
        <source>Enter a whole number of points greater than zero.</source>
        <translation>请输入大于零的整数积分。</translation>
    </message>
    <message>
        <source>That is more points than can be handled at once.</source>
        <translation>积分数量过大，无法一次处理。</translation>
    </message>
    <message>
        <source>Enter a number of points other than zero, e.g. 50 or -20.</source>
        <translation>请输入非零的积分数，例如 50 或 -20。</translation>
    </message>
    <message>
        <source>Say why, so the change can be understood later.</source>
        <translation>请填写原因，以便日后了解这次调整。</translation>
    </message>
    <message>
        <source>Choose another customer: nobody can refer themselves.</source>
        <translation>请选择其他客户：客户不能推荐自己。</translation>
    </message>
    <message>
        <source>Choose another customer: this one was referred, directly or through others, by the customer you are editing.</source>
        <translation>请选择其他客户：该客户是由您正在编辑的客户直接或间接推荐的。</translation>
    </message>
    <message>
        <source>The referrer was already rewarded for this customer; the referral cannot change.</source>
        <translation>推荐人已因该客户获得奖励，推荐关系不能再更改。</translation>
    </message>
    <message>
        <source>Search for a customer and choose one from the list.</source>
        <translation>请搜索客户并从列表中选择。</translation>
    </message>
    <message>
        <source>Choose a tier from the list.</source>
        <translation>请从列表中选择一个等级。</translation>
    </message>
    <message>
        <source>At least one tier must start at 0.</source>
        <translation>至少要有一个等级从 0 起。</translation>
    </message>
    <message>
        <source>The end date cannot be in the past.</source>
        <translation>结束日期不能早于今天。</translation>
    </message>
    <message>
        <source>Enter a rate from 0 to 1,000.</source>
        <translation>请输入 0 到 1,000 之间的比例。</translation>
    </message>
    <message>
        <source>Enter a factor from 1 to 100.</source>
        <translation>请输入 1 到 100 之间的倍数。</translation>
    </message>
    <message>
        <source>Enter 1 to 600 months.</source>
        <translation>请输入 1 到 600 个月。</translation>
    </message>
    <message>
        <source>Enter 0 to 10,000,000 points.</source>
        <translation>请输入 0 到 10,000,000 积分。</translation>
    </message>
    <message>
        <source>Enter a multiplier above 0 and up to 100.</source>
        <translation>请输入大于 0 且不超过 100 的倍数。</translation>
    </message>
    <message>
        <source>Enter an amount from 0 to 10,000,000,000,000.</source>
        <translation>请输入 0 到 10,000,000,000,000 之间的金额。</translation>
    </message>
    <message>
        <source>Use at most 2 decimals.</source>
        <translation>最多 2 位小数。</translation>
    </message>
    <message>
        <source>Another tier already starts at this amount.</source>
        <translation>已有其他等级从这个金额起。</translation>
    </message>
    <message>
        <source>Another tier already has this name.</source>
        <translation>已有其他等级使用这个名称。</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>此值无效。</translation>
    </message>
    <message>
        <source>This value is out of range.</source>
        <translation>此值超出范围。</translation>
    </message>
    <message>
        <source>Use at most 3 decimals.</source>
        <translation>最多 3 位小数。</translation>
    </message>
    <message>
        <source>This value is already used.</source>
        <translation>此值已被使用。</translation>
    </message>
    <message>
        <source>This date is in the past.</source>
        <translation>此日期已过。</translation>
    </message>
    <message>
        <source>The balance is negative (%1): no redemption until it is positive again. Nothing was redeemed.</source>
        <translation>余额为负（%1）：恢复为正数之前不能兑换。未兑换任何积分。</translation>
    </message>
    <message>
        <source>Only %1 can be redeemed now; %2 is more than the balance. Nothing was redeemed.</source>
        <translation>目前最多可兑换 %1；%2 超过了余额。未兑换任何积分。</translation>
    </message>
</context>
<context>
    <name>LoyaltyPlurals</name>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n 积分</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier entry(ies) not shown; the figures above include them.</source>
        <translation>
            <numerusform>另有 %n 条较早的记录未显示；上方数字已包含它们。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoyaltySettingsPage</name>
    <message>
        <source>when the order is completed</source>
        <translation>订单完成时</translation>
    </message>
    <message>
        <source>when the order is paid (paid, shipped or completed)</source>
        <translation>订单付款时（已付款、已发货或已完成）</translation>
    </message>
    <message>
        <source>at the end of the next calendar year</source>
        <translation>次年年底</translation>
    </message>
    <message>
        <source>never</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <source>after a number of months</source>
        <translation>若干个月后</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>Customers move &amp;down a tier when their spend drops</source>
        <translation>消费下降时客户降级(&amp;D)</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>&amp;Points per 1 unit of currency:</source>
        <translation>每 1 元积分(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Earned:</source>
        <translation>获得时间(&amp;E)：</translation>
    </message>
    <message>
        <source>E&amp;xpire:</source>
        <translation>过期(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Birthday-month multiplier:</source>
        <translation>生日月倍数(&amp;B)：</translation>
    </message>
    <message>
        <source>Re&amp;ferral reward (points):</source>
        <translation>推荐奖励（积分）(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Add tier</source>
        <translation>添加等级(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;move tier</source>
        <translation>删除等级(&amp;M)</translation>
    </message>
    <message>
        <source>A customer&apos;s tier is the highest whose amount their spend over the last 12 months reaches. Double-click or press F2 to edit a cell.</source>
        <translation>客户的等级是其近 12 个月消费达到的最高等级。双击或按 F2 编辑单元格。</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>The first tier (from 0) cannot be removed; rename it instead.</source>
        <translation>第一个等级（从 0 起）不能删除，可以改名。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
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
        <source>Copy the database&apos;s path</source>
        <translation>复制数据库路径</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复客户</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
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
        <source>%1 (%2)
F6 moves between this list and the page.</source>
        <translation>%1（%2）
F6 在此列表和页面之间切换焦点。</translation>
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
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
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
    <message numerus="yes">
        <source>%n follow-up(s) are due</source>
        <translation>
            <numerusform>%n 条跟进到期</numerusform>
        </translation>
    </message>
    <message>
        <source>Unlock Desktop CRM to see them.</source>
        <translation>请解锁 Desktop CRM 查看详情。</translation>
    </message>
    <message>
        <source>%1 customers · %2 orders</source>
        <translation>%1 位客户 · %2 笔订单</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>会员与积分</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
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
    <name>ManageSegmentsDialog</name>
    <message>
        <source>Saved segments</source>
        <translation>已保存的分群</translation>
    </message>
    <message>
        <source>No saved segments yet. Filter the customer list and choose “Save as segment…”.</source>
        <translation>还没有保存的分群。筛选客户列表后选择“保存为分群…”。</translation>
    </message>
    <message>
        <source>&amp;Show customers</source>
        <translation>查看客户(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Follow-ups…</source>
        <translation>跟进(&amp;F)…</translation>
    </message>
    <message>
        <source>Rename segment</source>
        <translation>重命名分群</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>删除分群</translation>
    </message>
    <message>
        <source>Delete the segment “%1”? Its customers are not changed.</source>
        <translation>删除分群“%1”？其中的客户不会被改动。</translation>
    </message>
    <message>
        <source>Segment “%1”: %2</source>
        <translation>分群“%1”：%2</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>累计支付</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近订单</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <source>Name, nickname or phone</source>
        <translation>姓名、昵称或手机号</translation>
    </message>
    <message>
        <source>&amp;Tiers</source>
        <translation>等级(&amp;T)</translation>
    </message>
    <message>
        <source>Sea&amp;rch:</source>
        <translation>搜索(&amp;R)：</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s)</source>
        <translation>
            <numerusform>%n 位客户</numerusform>
        </translation>
    </message>
    <message>
        <source>No customers yet. Import your order exports (Ctrl+I): every buyer becomes a customer, and their spend gives them a tier.</source>
        <translation>还没有客户。导入订单文件（Ctrl+I）：每位买家都会成为客户，并按消费获得会员等级。</translation>
    </message>
    <message>
        <source>No customer in this list matches the search.</source>
        <translation>此列表中没有符合搜索的客户。</translation>
    </message>
    <message>
        <source>No customer holds this tier yet. Tiers follow the spend of the last 365 days (Settings › Membership).</source>
        <translation>还没有客户处于这个等级。等级按最近 365 天的消费确定（设置 › 会员与积分）。</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Review and merge</source>
        <translation>审核并合并</translation>
    </message>
    <message>
        <source>You said before that these two are different people. Merging them anyway removes that mark (undoing the merge puts it back).</source>
        <translation>您之前标记过这两位是不同的人。仍然合并会移除该标记（撤销合并会恢复）。</translation>
    </message>
    <message>
        <source>&amp;Swap which is kept</source>
        <translation>交换保留对象(&amp;S)</translation>
    </message>
    <message>
        <source>Keep the other customer (and its number) and merge this one into it.</source>
        <translation>保留另一位客户（及其编号），把这一位并入。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Merge into it</source>
        <translation>并入</translation>
    </message>
    <message>
        <source>Values the kept customer will have</source>
        <translation>保留客户的资料取值</translation>
    </message>
    <message>
        <source>Each line is preset to the most recent value that is not empty. Pick the other one where it is better; lines whose values are the same cannot be changed.</source>
        <translation>每一行默认取最近的非空值。如另一个更好请改选；两边相同的行无需选择。</translation>
    </message>
    <message>
        <source>What</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Kept customer has</source>
        <translation>保留客户已有</translation>
    </message>
    <message>
        <source>Moves over</source>
        <translation>将移过来</translation>
    </message>
    <message>
        <source>Neither has orders or other records yet.</source>
        <translation>两位都还没有订单或其他记录。</translation>
    </message>
    <message>
        <source>What moves to the kept customer</source>
        <translation>将移到保留客户的内容</translation>
    </message>
    <message>
        <source>A backup is made before merging, and the merge can be undone from the merge history.</source>
        <translation>合并前会先备份，并可在合并记录中撤销。</translation>
    </message>
    <message>
        <source>&amp;Merge…</source>
        <translation>合并(&amp;M)…</translation>
    </message>
    <message>
        <source>Why they look like one person: %1. Strength: %2.</source>
        <translation>看起来是同一人的原因：%1。可信度：%2。</translation>
    </message>
    <message>
        <source>These two have nothing obvious in common.</source>
        <translation>这两位没有明显的共同点。</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), %1 paid</source>
        <translation>
            <numerusform>%n 笔订单，实付 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Together: %n order(s), %1 paid.</source>
        <translation>
            <numerusform>合计：%n 笔订单，实付 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>合并客户</translation>
    </message>
    <message>
        <source>Merge %1 into %2?</source>
        <translation>将 %1 并入 %2？</translation>
    </message>
    <message>
        <source>Its orders, platform accounts, tags, notes, follow-ups, feedback and points move to the kept customer, which takes the values you chose; then it is removed. You can undo the merge from the merge history.</source>
        <translation>其订单、平台账号、标签、笔记、跟进、反馈和积分将移到保留客户，保留客户采用您选择的值；然后删除被并入者。可在合并记录中撤销。</translation>
    </message>
    <message>
        <source>No backup could be made, so nothing was merged: %1</source>
        <translation>无法备份，因此没有合并：%1</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>没有任何改动。</translation>
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
        <source>Buyer&apos;s message</source>
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
        <source>Open c&amp;ustomer</source>
        <translation>打开客户(&amp;U)</translation>
    </message>
    <message>
        <source>Items: %1 (from the order&apos;s title; the export has no item lines)</source>
        <translation>商品：%1（取自订单标题；导出文件没有商品明细）</translation>
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
        <source>Order number, or the buyer&apos;s name or phone</source>
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
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n 笔订单</numerusform>
        </translation>
    </message>
    <message>
        <source>No order matches the search and filters.</source>
        <translation>没有符合搜索和筛选条件的订单。</translation>
    </message>
    <message>
        <source>No orders yet. Import your order exports (Ctrl+I).</source>
        <translation>还没有订单。请导入平台导出的订单文件（Ctrl+I）。</translation>
    </message>
    <message>
        <source>This amount is below the “from” amount: no order can match.</source>
        <translation>此金额低于“从”金额：没有订单能符合。</translation>
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
        <source>no purchase for %n day(s); %1</source>
        <translation>
            <numerusform>%n 天未购买；%1</numerusform>
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
    <name>PointsStatement</name>
    <message>
        <source>Opening balance</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>获得</translation>
    </message>
    <message>
        <source>Taken back (refunds, corrections)</source>
        <translation>扣回（退款、更正）</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已兑换</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Deducted by hand</source>
        <translation>手动扣减</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>期末余额</translation>
    </message>
    <message>
        <source>Points statement</source>
        <translation>积分对账单</translation>
    </message>
    <message>
        <source>Period: %1 – %2 · Printed on %3</source>
        <translation>期间：%1 – %2 · 打印于 %3</translation>
    </message>
    <message>
        <source>Tier: %1</source>
        <translation>等级：%1</translation>
    </message>
    <message>
        <source>Balance: %1</source>
        <translation>余额：%1</translation>
    </message>
    <message>
        <source>The balance is negative: no redemption until it is positive again.</source>
        <translation>余额为负：恢复为正之前不能兑换。</translation>
    </message>
    <message>
        <source>The period in figures</source>
        <translation>本期数据</translation>
    </message>
    <message>
        <source>Entries in the period</source>
        <translation>本期明细</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>No entries in this period.</source>
        <translation>本期没有记录。</translation>
    </message>
    <message>
        <source>Expiring in the next 90 days</source>
        <translation>未来 90 天内到期</translation>
    </message>
    <message>
        <source>No points expire in the next 90 days.</source>
        <translation>未来 90 天内没有积分到期。</translation>
    </message>
    <message>
        <source>%1 on %2 (earned on %3)</source>
        <translation>%1 于 %2 到期（%3 获得）</translation>
    </message>
    <message>
        <source>and %1 later</source>
        <translation>以及之后到期的 %1</translation>
    </message>
    <message>
        <source>Made by Desktop CRM on %1.</source>
        <translation>由 Desktop CRM 于 %1 生成。</translation>
    </message>
    <message>
        <source>Points statement: %1</source>
        <translation>积分对账单：%1</translation>
    </message>
</context>
<context>
    <name>PointsView</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原等级</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新等级</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>by spend</source>
        <translation>按消费</translation>
    </message>
    <message>
        <source>Recorded reason</source>
        <translation>记录的原因</translation>
    </message>
    <message>
        <source>Select a customer to see their tier and points.</source>
        <translation>选择一位客户以查看其等级和积分。</translation>
    </message>
    <message>
        <source>The balance is negative: no redemption until it is positive again.</source>
        <translation>余额为负：恢复为正数之前不能兑换。</translation>
    </message>
    <message>
        <source>&amp;Redeem…</source>
        <translation>兑换(&amp;R)…</translation>
    </message>
    <message>
        <source>Redeem…</source>
        <translation>兑换…</translation>
    </message>
    <message>
        <source>A&amp;djust…</source>
        <translation>调整(&amp;D)…</translation>
    </message>
    <message>
        <source>Ad&amp;just…</source>
        <translation>调整(&amp;J)…</translation>
    </message>
    <message>
        <source>Referred &amp;by…</source>
        <translation>推荐人(&amp;B)…</translation>
    </message>
    <message>
        <source>Tier overr&amp;ide…</source>
        <translation>手动设定等级(&amp;I)…</translation>
    </message>
    <message>
        <source>Tier override…</source>
        <translation>手动设定等级…</translation>
    </message>
    <message>
        <source>Clear o&amp;verride</source>
        <translation>取消手动等级(&amp;V)</translation>
    </message>
    <message>
        <source>Clear override</source>
        <translation>取消手动等级</translation>
    </message>
    <message>
        <source>Print statement…</source>
        <translation>打印对账单…</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Points ledger</source>
        <translation>积分明细</translation>
    </message>
    <message>
        <source>Tier history</source>
        <translation>等级变化</translation>
    </message>
    <message>
        <source>%1 (set by hand)</source>
        <translation>%1（手动设定）</translation>
    </message>
    <message>
        <source>Points balance: %1</source>
        <translation>积分余额：%1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1，%2 到期</translation>
    </message>
    <message>
        <source>Expiring in the next 30 days: %1</source>
        <translation>30 天内将过期：%1</translation>
    </message>
    <message>
        <source>No points expire in the next 30 days.</source>
        <translation>30 天内没有积分过期。</translation>
    </message>
    <message>
        <source>Referred by %1.</source>
        <translation>推荐人：%1。</translation>
    </message>
    <message>
        <source>The referrer has been rewarded.</source>
        <translation>推荐人已获得奖励。</translation>
    </message>
    <message>
        <source>Not referred by anyone.</source>
        <translation>没有推荐人。</translation>
    </message>
    <message numerus="yes">
        <source>Referred %n customer(s).</source>
        <translation>
            <numerusform>已推荐 %n 位客户。</numerusform>
        </translation>
    </message>
    <message>
        <source>No redemption until the balance is positive again.</source>
        <translation>余额恢复为正数之前不能兑换。</translation>
    </message>
    <message>
        <source>Points ledger (%1)</source>
        <translation>积分明细（%1）</translation>
    </message>
    <message>
        <source>Tier override</source>
        <translation>手动设定等级</translation>
    </message>
    <message>
        <source>Print statement</source>
        <translation>打印对账单</translation>
    </message>
    <message>
        <source>Save points statement</source>
        <translation>保存积分对账单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
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
        <source>&amp;Keep inactive customers for:</source>
        <translation>不活跃客户保留期限(&amp;K)：</translation>
    </message>
    <message>
        <source>Customers with no activity for this long (no order, change, note, feedback, follow-up or points entry), and no open follow-up or feedback, are listed for you to review and erase. Nothing is erased without your confirmation.</source>
        <translation>在此期间没有任何活动（没有订单、资料修改、笔记、反馈、跟进或积分记录）且没有未完成跟进或反馈的客户，会列出供您审核和删除。未经您确认，不会删除任何数据。</translation>
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
    <message>
        <source>Save skipped rows as &amp;Excel…</source>
        <translation>把跳过的行另存为 &amp;Excel…</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem points</source>
        <translation>兑换积分</translation>
    </message>
    <message>
        <source>Balance: %1. Available to redeem: %2.</source>
        <translation>余额：%1。可兑换：%2。</translation>
    </message>
    <message>
        <source>e.g. ¥20 voucher on order 123</source>
        <translation>例如：订单 123 使用 ¥20 优惠券</translation>
    </message>
    <message>
        <source>&amp;Points to redeem:</source>
        <translation>兑换积分(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>ReferrerDialog</name>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Now: referred by %1.</source>
        <translation>当前推荐人：%1。</translation>
    </message>
    <message>
        <source>Now: nobody is recorded as the referrer.</source>
        <translation>当前没有记录推荐人。</translation>
    </message>
    <message>
        <source>The referrer has been rewarded.</source>
        <translation>推荐人已获得奖励。</translation>
    </message>
    <message>
        <source>&amp;Referred by:</source>
        <translation>推荐人(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Nobody</source>
        <translation>无(&amp;N)</translation>
    </message>
</context>
<context>
    <name>Rejections</name>
    <message>
        <source>the amount is not a number: %1</source>
        <translation>金额不是数字：%1</translation>
    </message>
    <message>
        <source>the amount is implausibly large: %1</source>
        <translation>金额大得不合常理：%1</translation>
    </message>
    <message>
        <source>the amount is blank</source>
        <translation>金额为空</translation>
    </message>
    <message>
        <source>not a whole number: %1</source>
        <translation>不是整数：%1</translation>
    </message>
    <message>
        <source>the number is blank</source>
        <translation>数量为空</translation>
    </message>
    <message>
        <source>not a date: %1</source>
        <translation>不是日期：%1</translation>
    </message>
    <message>
        <source>invalid date 1900-02-29 (Excel serial 60)</source>
        <translation>无效日期 1900-02-29（Excel 序号 60）</translation>
    </message>
    <message>
        <source>invalid date %1</source>
        <translation>无效日期 %1</translation>
    </message>
    <message>
        <source>the date is blank</source>
        <translation>日期为空</translation>
    </message>
    <message>
        <source>date out of range: %1</source>
        <translation>日期超出范围：%1</translation>
    </message>
    <message>
        <source>invalid time zone offset %1</source>
        <translation>无效的时区偏移 %1</translation>
    </message>
    <message>
        <source>the order date %1 is in the future</source>
        <translation>订单日期 %1 在未来</translation>
    </message>
    <message>
        <source>the order is dated more than a day in the future</source>
        <translation>订单日期晚于明天</translation>
    </message>
    <message>
        <source>the order date %1 is impossible</source>
        <translation>订单日期 %1 不可能</translation>
    </message>
    <message>
        <source>the order id is missing</source>
        <translation>缺少订单编号</translation>
    </message>
    <message>
        <source>the order id is not text: %1</source>
        <translation>订单编号不是文本：%1</translation>
    </message>
    <message>
        <source>the order id was stored as a number (%1) and lost its digits; export the file again with ids as text</source>
        <translation>订单编号被存成了数字（%1），位数已丢失；请重新导出，让订单编号保持为文本</translation>
    </message>
    <message>
        <source>the order id is in scientific notation (%1) and lost its digits; export the file again with ids as text</source>
        <translation>订单编号变成了科学计数法（%1），位数已丢失；请重新导出，让订单编号保持为文本</translation>
    </message>
    <message>
        <source>the order status is blank</source>
        <translation>订单状态为空</translation>
    </message>
    <message>
        <source>unknown order status %1 (map it in the import mapping)</source>
        <translation>未知的订单状态 %1（请在导入映射中对应）</translation>
    </message>
    <message>
        <source>unknown order status %1</source>
        <translation>未知的订单状态 %1</translation>
    </message>
    <message>
        <source>Financial Status is blank</source>
        <translation>Financial Status（付款状态）为空</translation>
    </message>
    <message>
        <source>unknown Financial Status %1</source>
        <translation>未知的 Financial Status（付款状态）%1</translation>
    </message>
    <message>
        <source>the paid amount is negative</source>
        <translation>实付金额为负数</translation>
    </message>
    <message>
        <source>the refund is negative</source>
        <translation>退款金额为负数</translation>
    </message>
    <message>
        <source>the amount is negative</source>
        <translation>金额为负数</translation>
    </message>
    <message>
        <source>not a currency: %1</source>
        <translation>不是货币：%1</translation>
    </message>
    <message>
        <source>订单成交时间 is blank and the id prefix %1 is no date</source>
        <translation>订单成交时间为空，且订单编号前缀 %1 不是日期</translation>
    </message>
    <message>
        <source>订单成交时间 is blank and the order id carries no date</source>
        <translation>订单成交时间为空，且订单编号中没有日期</translation>
    </message>
    <message>
        <source>order %1: its first row (with Financial Status and Total) is not in the file</source>
        <translation>订单 %1：文件中没有它的第一行（含 Financial Status 和 Total 的那一行）</translation>
    </message>
    <message>
        <source>the name is blank</source>
        <translation>姓名为空</translation>
    </message>
    <message>
        <source>rows %1 and %2 of order %3 name different buyers (%4): its id was stored as a number and lost digits; export the file again with ids as text</source>
        <translation>订单 %3 的第 %1 行和第 %2 行是不同的买家（%4）：订单编号被存成了数字，丢失了位数；请重新导出，把编号存为文本</translation>
    </message>
    <message>
        <source>rows %1 and %2 of order %3 name different buyers (%4): two orders share this id</source>
        <translation>订单 %3 的第 %1 行和第 %2 行是不同的买家（%4）：两个订单用了同一个编号</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>&amp;Month:</source>
        <translation>月份(&amp;M)：</translation>
    </message>
    <message>
        <source>Off: phone numbers are masked (138****1234) and addresses cut to province and city.</source>
        <translation>关闭时：手机号打码（138****1234），地址只保留省和市。</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Build the report again from the current data (F5)</source>
        <translation>用当前数据重新生成报告 (F5)</translation>
    </message>
    <message>
        <source>The report shows full phone numbers and addresses and says so on every page. Keep the files safe and delete them when they are no longer needed.</source>
        <translation>报告会显示完整的手机号和地址，并在每页注明。请妥善保管文件，不再需要时删除。</translation>
    </message>
    <message>
        <source>&amp;Export Excel…</source>
        <translation>导出 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <source>Print the report (Ctrl+P)</source>
        <translation>打印报告 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <source>P&amp;age</source>
        <translation>页(&amp;A)</translation>
    </message>
    <message>
        <source>Stop waiting for this report</source>
        <translation>不再等待此报告</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>The report is built when this page is shown.</source>
        <translation>打开此页面时生成报告。</translation>
    </message>
    <message>
        <source>%1 (so far)</source>
        <translation>%1（截至目前）</translation>
    </message>
    <message>
        <source>Building the report for %1…</source>
        <translation>正在生成 %1 的报告…</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Choose a month, then press Refresh (F5).</source>
        <translation>请选择月份，然后按刷新 (F5)。</translation>
    </message>
    <message>
        <source>The report could not be built: %1</source>
        <translation>无法生成报告：%1</translation>
    </message>
    <message>
        <source>Show f&amp;ull contact details</source>
        <translation>显示完整联系方式(&amp;U)</translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation>保存 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Drawing the preview…</source>
        <translation>正在绘制预览…</translation>
    </message>
    <message>
        <source>%1: figures as of %2.</source>
        <translation>%1：数据截至 %2。</translation>
    </message>
    <message>
        <source>The preview could not be drawn: %1</source>
        <translation>无法绘制预览：%1</translation>
    </message>
    <message>
        <source>Drawing the preview: page %1 of %2…</source>
        <translation>正在绘制预览：第 %1 页，共 %2 页…</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
    <message>
        <source>%1 was not saved: %2</source>
        <translation>%1 未保存：%2</translation>
    </message>
    <message>
        <source>Print the monthly report</source>
        <translation>打印月度报告</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Sent to %1.</source>
        <translation>已发送到 %1。</translation>
    </message>
    <message>
        <source>Print preview: %1</source>
        <translation>打印预览：%1</translation>
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
        <source>Not resolved yet among the selected: %1. Each gets this note.</source>
        <translation>所选中尚未解决的有 %1 条，每条都记下这条处理说明。</translation>
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
        <source>The newest order, change, note, feedback, follow-up or points entry</source>
        <translation>最近一次订单、资料修改、笔记、反馈、跟进或积分记录</translation>
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
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) with no activity for %1 months and no open follow-up or feedback. Erase the selected ones?</source>
        <translation>
            <numerusform>%n 位客户已 %1 个月没有任何活动，且没有未完成的跟进或反馈。要清除所选客户吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Nobody has been inactive for %1 months: every customer has an order, change, note, feedback, follow-up or points entry since, or something still open. There is nobody to erase.</source>
        <translation>没有客户已 %1 个月不活跃：每位客户此后都有订单、修改、笔记、反馈、跟进或积分记录，或仍有未完成的事项。没有需要清除的客户。</translation>
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
    <name>SaveSegmentDialog</name>
    <message>
        <source>Save as segment</source>
        <translation>保存为分群</translation>
    </message>
    <message>
        <source>e.g. Sleeping VIPs in Zhejiang</source>
        <translation>例如：浙江的沉睡 VIP</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) match now. A segment is evaluated afresh each time.</source>
        <translation>
            <numerusform>当前匹配 %n 位客户。每次使用分群都会重新计算。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>Replace segment</source>
        <translation>替换分群</translation>
    </message>
    <message>
        <source>A segment named “%1” exists already. Replace its filter with this one?</source>
        <translation>已存在名为“%1”的分群。用当前筛选替换它吗？</translation>
    </message>
</context>
<context>
    <name>SegmentLabels</name>
    <message>
        <source>Search: “%1”</source>
        <translation>搜索：“%1”</translation>
    </message>
    <message>
        <source>Tag: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <source>Lifecycle stage: %1</source>
        <translation>生命周期：%1</translation>
    </message>
    <message>
        <source>RFM class: %1</source>
        <translation>RFM 分类：%1</translation>
    </message>
    <message>
        <source>Churn warning</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <source>Tier: %1</source>
        <translation>等级：%1</translation>
    </message>
    <message>
        <source>Platform: %1</source>
        <translation>平台：%1</translation>
    </message>
    <message>
        <source>Province: %1</source>
        <translation>省份：%1</translation>
    </message>
    <message>
        <source>Spend %1 – %2</source>
        <translation>消费 %1 – %2</translation>
    </message>
    <message>
        <source>Spend ≥ %1</source>
        <translation>消费 ≥ %1</translation>
    </message>
    <message>
        <source>Spend ≤ %1</source>
        <translation>消费 ≤ %1</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>A segment with this name exists already.</source>
        <translation>已存在同名分群。</translation>
    </message>
    <message>
        <source>This filter cannot be saved.</source>
        <translation>无法保存此筛选。</translation>
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
        <source>Screen lock</source>
        <translation>屏幕锁定</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>正在保存设置…</translation>
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
    <name>SkippedRows</name>
    <message>
        <source>Save skipped rows</source>
        <translation>保存跳过的行</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Cancelled. No file was written.</source>
        <translation>已取消，没有写入文件。</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
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
    <name>StorageErrors</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 The restore was taken back: your data is as it was.</source>
        <translation>%1已撤回这次恢复：您的数据保持原样。</translation>
    </message>
    <message>
        <source>Not enough free space on the disk of %1 to erase and then rewrite the database file without the erased data: about %2 is needed, %3 is free. Nothing was changed; free some space and try again.</source>
        <translation>%1 所在磁盘的可用空间不足，无法删除客户并重写数据库文件以清除已删除的数据：约需 %2，当前可用 %3。未做任何更改；请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>Customer %1 was erased, but the database file could not be rewritten afterwards (%2), so fragments of their data may remain in its free space. Free some space, then run `desktop-crm customer erase %3 --yes` again (or erase another customer) to finish.</source>
        <translation>客户 %1 已删除，但之后未能重写数据库文件（%2），其数据的残片可能仍留在文件的空闲空间中。请释放一些空间，然后再次运行 `desktop-crm customer erase %3 --yes`（或删除另一位客户）以完成清除。</translation>
    </message>
    <message>
        <source>%1 customers were erased, but the database file could not be rewritten afterwards (%2), so fragments of their data may remain in its free space. Free some space, then run `desktop-crm customer erase %3 --yes` again (or erase another customer) to finish.</source>
        <translation>已删除 %1 位客户，但之后未能重写数据库文件（%2），他们数据的残片可能仍留在文件的空闲空间中。请释放一些空间，然后再次运行 `desktop-crm customer erase %3 --yes`（或删除另一位客户）以完成清除。</translation>
    </message>
    <message>
        <source>The database file could not be rewritten (%1), so fragments of the data of customer %2, erased before, may remain in its free space. Free some space and try again.</source>
        <translation>未能重写数据库文件（%1），此前已删除的客户 %2 的数据残片可能仍留在文件的空闲空间中。请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The backup was restored, but a step after it failed: %1 Your data from before the restore is kept as %2.</source>
        <translation>备份已恢复，但之后的一步失败了：%1恢复之前的数据已保存为 %2。</translation>
    </message>
    <message>
        <source>The database could not be opened after the restore: %1 Your data from before the restore is kept as %2.</source>
        <translation>恢复后无法打开数据库：%1恢复之前的数据已保存为 %2。</translation>
    </message>
    <message>
        <source>The restored database could not be opened (%1).</source>
        <translation>无法打开恢复后的数据库（%1）。</translation>
    </message>
    <message>
        <source>%1 is not a database file (not a Desktop CRM backup). It was not changed.</source>
        <translation>%1 不是数据库文件（不是 Desktop CRM 备份），未做任何更改。</translation>
    </message>
    <message>
        <source>%1 is damaged (%2), so it was not restored. The database and the file were not changed.</source>
        <translation>%1 已损坏（%2），因此没有恢复。数据库和该文件均未更改。</translation>
    </message>
    <message>
        <source>%1 is already open in PID %2 on host %3 (%4, since %5). Close it there first; nothing was changed.</source>
        <translation>%1 已在主机 %3 上的进程 %2 中打开（%4，自 %5 起）。请先在那里关闭它；未做任何更改。</translation>
    </message>
    <message>
        <source>%1 is already open in another program. Close it there first; nothing was changed.</source>
        <translation>%1 已在另一个程序中打开。请先在那里关闭它；未做任何更改。</translation>
    </message>
    <message>
        <source>%1 has %2 names on this disk (hard links), so another program opening it under another name would not see that it is open here, and its changes could be lost. Copy the file and open the copy, or delete the other names. It was not changed.</source>
        <translation>%1 在此磁盘上有 %2 个名称（硬链接），其他程序用另一个名称打开它时无法得知它已在这里打开，其更改可能会丢失。请复制该文件并打开副本，或删除其他名称。未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot create the lock file %1 (%2). Check that the folder %3 exists and can be written.</source>
        <translation>无法创建锁文件 %1（%2）。请检查文件夹 %3 是否存在且可写入。</translation>
    </message>
    <message>
        <source>The disk is full: %1 could not be written. Nothing was changed.</source>
        <translation>磁盘已满：无法写入 %1。未做任何更改。</translation>
    </message>
    <message>
        <source>%1 cannot be written there (%2). Nothing was written.</source>
        <translation>无法在那里写入 %1（%2）。未写入任何内容。</translation>
    </message>
    <message>
        <source>Disk full: the backup %1 could not be written. Nothing was changed; free some space and try again.</source>
        <translation>磁盘已满：无法写入备份 %1。未做任何更改；请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The backup %1 could not be written (%2; the disk may be full, removed or failing). Nothing was changed.</source>
        <translation>无法写入备份 %1（%2；磁盘可能已满、已移除或出现故障）。未做任何更改。</translation>
    </message>
    <message>
        <source>The backup %1 failed its integrity check: %2</source>
        <translation>备份 %1 未通过完整性检查：%2</translation>
    </message>
    <message>
        <source>The database is busy: another program kept it locked for more than %1 seconds. Nothing was changed; try again.</source>
        <translation>数据库繁忙：另一个程序锁定它超过 %1 秒。未做任何更改；请重试。</translation>
    </message>
    <message>
        <source>Disk full: there is no room left to write the database (or it reached its size limit). Nothing was changed; free some space and try again.</source>
        <translation>磁盘已满：没有空间写入数据库（或已达到大小上限）。未做任何更改；请释放一些空间后重试。</translation>
    </message>
    <message>
        <source>The database could not be written or read (a disk I/O error; the disk may be full, removed or failing). Nothing was changed by the failed step.</source>
        <translation>无法读写数据库（磁盘 I/O 错误；磁盘可能已满、已移除或出现故障）。失败的这一步没有做任何更改。</translation>
    </message>
    <message>
        <source>The database file is damaged (%1). Run `desktop-crm check` and restore the newest good backup.</source>
        <translation>数据库文件已损坏（%1）。请运行 `desktop-crm check` 并恢复最新的完好备份。</translation>
    </message>
    <message>
        <source>%1 is an empty file, not a Desktop CRM database. It was not changed.</source>
        <translation>%1 是空文件，不是 Desktop CRM 数据库。未做任何更改。</translation>
    </message>
    <message>
        <source>%1 is an empty database, not a Desktop CRM backup.</source>
        <translation>%1 是空数据库，不是 Desktop CRM 备份。</translation>
    </message>
    <message>
        <source>%1 is not a plain database file: it is either an encrypted Desktop CRM database (give its passphrase) or a text or other kind of file. It was not changed.</source>
        <translation>%1 不是普通数据库文件：它要么是加密的 Desktop CRM 数据库（请提供其密码），要么是文本或其他类型的文件。未做任何更改。</translation>
    </message>
    <message>
        <source>%1 was made by a newer version of Desktop CRM (schema version %2; this program knows up to %3). It was not changed. Please update Desktop CRM.</source>
        <translation>%1 由更新版本的 Desktop CRM 创建（结构版本 %2；本程序最高支持 %3）。未做任何更改。请更新 Desktop CRM。</translation>
    </message>
    <message>
        <source>%1 does not exist or is not a file. Nothing was changed.</source>
        <translation>%1 不存在或不是文件。未做任何更改。</translation>
    </message>
    <message>
        <source>%1 is the open database itself. Nothing was changed.</source>
        <translation>%1 就是当前打开的数据库本身。未做任何更改。</translation>
    </message>
    <message>
        <source>The database is still in use by another window or job; close it and try the restore again. Nothing was changed.</source>
        <translation>数据库仍被另一个窗口或任务使用；请关闭后再尝试恢复。未做任何更改。</translation>
    </message>
    <message>
        <source>The database is still in use by another program; close it and try the restore again. Nothing was changed.</source>
        <translation>数据库仍被另一个程序使用；请关闭后再尝试恢复。未做任何更改。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist. Nothing was written.</source>
        <translation>文件夹 %1 不存在。未写入任何内容。</translation>
    </message>
    <message>
        <source>%1 already exists and is not a Desktop CRM backup; choose another name. Nothing was written.</source>
        <translation>%1 已存在且不是 Desktop CRM 备份；请换一个名称。未写入任何内容。</translation>
    </message>
    <message>
        <source>%1 is the database itself; choose another name for the backup.</source>
        <translation>%1 就是数据库本身；请为备份换一个名称。</translation>
    </message>
    <message>
        <source>The database is open read-only (%1): nothing can be changed.</source>
        <translation>数据库以只读方式打开（%1）：无法做任何更改。</translation>
    </message>
    <message>
        <source>The database is open read-only (%1); it cannot be restored.</source>
        <translation>数据库以只读方式打开（%1）；无法恢复。</translation>
    </message>
    <message>
        <source>the file %1 is read-only</source>
        <translation>文件 %1 是只读的</translation>
    </message>
    <message>
        <source>the folder %1 cannot be written (SQLite keeps its -wal and -shm files next to the database)</source>
        <translation>文件夹 %1 无法写入（SQLite 需要在数据库旁边保存 -wal 和 -shm 文件）</translation>
    </message>
    <message>
        <source>it was opened read-only on request</source>
        <translation>按要求以只读方式打开</translation>
    </message>
    <message>
        <source>%1 could not be written: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>The disk is full: %1 could not be written. No file was left behind.</source>
        <translation>磁盘已满：无法写入 %1。没有留下任何文件。</translation>
    </message>
    <message>
        <source>Re-writing %1 failed: %2. Nothing was changed.</source>
        <translation>重写 %1 失败：%2。未做任何更改。</translation>
    </message>
    <message>
        <source>The re-written copy of %1 failed its check. Nothing was changed.</source>
        <translation>%1 的重写副本未通过检查。未做任何更改。</translation>
    </message>
    <message>
        <source>Restore failed: the re-written copy of %1 failed its check (%2). Nothing was changed.</source>
        <translation>恢复失败：%1 的重写副本未通过检查（%2）。未做任何更改。</translation>
    </message>
    <message>
        <source>Cannot lock %1: it keeps being replaced.</source>
        <translation>无法锁定 %1：它一直在被替换。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>Import %1 (%2) was already undone.</source>
        <translation>导入 %1（%2）已经撤销过了。</translation>
    </message>
    <message>
        <source>Import %1 cannot be undone yet: import %2 (%3) changed the same orders or customers later. Undo import %4 first.</source>
        <translation>导入 %1 暂时无法撤销：之后的导入 %2（%3）更改了相同的订单或客户。请先撤销导入 %4。</translation>
    </message>
    <message>
        <source>Merge %1 was already undone (%2).</source>
        <translation>合并 %1 已经撤销过了（%2）。</translation>
    </message>
    <message>
        <source>Merge %1 cannot be undone yet: merge %2 (%3 into %4, %5) merged the kept customer away later. Undo merge %6 first.</source>
        <translation>合并 %1 暂时无法撤销：之后的合并 %2（%3 并入 %4，%5）把保留的客户又合并掉了。请先撤销合并 %6。</translation>
    </message>
    <message>
        <source>Merge %1 cannot be undone yet: merge %2 (%3 into %4, %5) changed %6 of the same customer later. Undo merge %7 first.</source>
        <translation>合并 %1 暂时无法撤销：之后的合并 %2（%3 并入 %4，%5）更改了同一客户的 %6。请先撤销合并 %7。</translation>
    </message>
    <message>
        <source>Merge %1 cannot be undone yet: merge %2 (%3 into %4, %5) relies on rows it brought (%6). Undo merge %7 first.</source>
        <translation>合并 %1 暂时无法撤销：之后的合并 %2（%3 并入 %4，%5）依赖它带来的数据（%6）。请先撤销合并 %7。</translation>
    </message>
    <message>
        <source>Merge %1 cannot be undone: the customer it kept (%2) was deleted since. Restore a backup made before the merge instead.</source>
        <translation>合并 %1 无法撤销：它保留的客户（%2）之后被删除了。请改为恢复合并之前的备份。</translation>
    </message>
    <message>
        <source>Merge %1 cannot be undone: customer number %2 has been given to a new customer since. Restore a backup made before the merge instead.</source>
        <translation>合并 %1 无法撤销：客户编号 %2 之后已分配给新客户。请改为恢复合并之前的备份。</translation>
    </message>
    <message>
        <source>Merge %1 cannot be undone: import %2 (%3), which created %4, was undone after the merge.</source>
        <translation>合并 %1 无法撤销：创建 %4 的导入 %2（%3）在合并之后被撤销了。</translation>
    </message>
    <message>
        <source>Not a directory</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <source>Is a directory</source>
        <translation>是一个文件夹</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>No such file or directory</source>
        <translation>没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>No space left on device</source>
        <translation>设备上没有剩余空间</translation>
    </message>
    <message>
        <source>Read-only file system</source>
        <translation>只读文件系统</translation>
    </message>
    <message>
        <source>File too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <source>Disk quota exceeded</source>
        <translation>超出磁盘配额</translation>
    </message>
    <message>
        <source>the same rows</source>
        <translation>相同的数据行</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
</context>
<context>
    <name>TierCountModel</name>
    <message>
        <source>All customers (%1)</source>
        <translation>全部客户（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>TierOverrideDialog</name>
    <message>
        <source>Tier override</source>
        <translation>手动设定等级</translation>
    </message>
    <message>
        <source>The rules give: %1. A tier set by hand wins until its end date.</source>
        <translation>按规则为：%1。手动设定的等级在结束日期前优先。</translation>
    </message>
    <message>
        <source>e.g. VIP event guest</source>
        <translation>例如：VIP 活动嘉宾</translation>
    </message>
    <message>
        <source>on a date:</source>
        <translation>指定日期：</translation>
    </message>
    <message>
        <source>&amp;Tier:</source>
        <translation>等级(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Reason *:</source>
        <translation>原因(&amp;R) *：</translation>
    </message>
    <message>
        <source>&amp;End:</source>
        <translation>结束(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>TierTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>From (12-month spend)</source>
        <translation>起点（12 个月消费）</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>积分倍数</translation>
    </message>
    <message>
        <source>Benefits</source>
        <translation>权益</translation>
    </message>
    <message>
        <source>The first tier always starts at 0.</source>
        <translation>第一个等级总是从 0 起。</translation>
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
        <translation>笔记</translation>
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
        <source>refunded %1</source>
        <translation>已退款 %1</translation>
    </message>
    <message>
        <source>%1 resolved: %2</source>
        <translation>%1已解决：%2</translation>
    </message>
    <message>
        <source>%1 resolved</source>
        <translation>%1已解决</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
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
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
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
        <source>New follow-up…</source>
        <translation>新建跟进…</translation>
    </message>
    <message>
        <source>&amp;Log feedback…</source>
        <translation>记录反馈(&amp;L)…</translation>
    </message>
    <message>
        <source>Log feed&amp;back…</source>
        <translation>记录反馈(&amp;B)…</translation>
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
        <source>Snooze: 1 day, 3 days, a week or a date (S)</source>
        <translation>推迟：1 天、3 天、一周或指定日期（S）</translation>
    </message>
    <message>
        <source>Snoo&amp;ze ▾</source>
        <translation>推迟(&amp;Z) ▾</translation>
    </message>
    <message>
        <source>Open c&amp;ustomer</source>
        <translation>打开客户(&amp;U)</translation>
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
        <source>No customers yet. Import your order exports (Ctrl+I) or add a customer (Ctrl+N): birthdays, win-backs and after-sale check-ins then appear here.</source>
        <translation>还没有客户。导入订单文件（Ctrl+I）或添加客户（Ctrl+N）后，生日、挽回和售后回访提醒会出现在这里。</translation>
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
    <name>UncountedNote</name>
    <message numerus="yes">
        <source>%n purchase(s) in %1 not counted: no conversion rate is set (Settings ▸ Currency).</source>
        <translation>
            <numerusform>%n 笔 %1 购买未计入：该币种尚未设置汇率（设置 ▸ 币种）。</numerusform>
        </translation>
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
