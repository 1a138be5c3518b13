<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name>AnalyticsWords</name>
    <message numerus="yes">
      <source>bought %n time(s)</source>
      <translation>
        <numerusform>bought %n time</numerusform>
        <numerusform>bought %n times</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>last %n day(s) ago</source>
      <translation>
        <numerusform>last %n day ago</numerusform>
        <numerusform>last %n days ago</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Churn warning: no purchase for %n day(s); %1 (warns after %2 days)</source>
      <translation>
        <numerusform>Churn warning: no purchase for %n day; %1 (warns after %2 days)</numerusform>
        <numerusform>Churn warning: no purchase for %n days; %1 (warns after %2 days)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n purchase(s) in another currency are not counted: give its rate in Settings ▸ Currency.</source>
      <translation>
        <numerusform>%n purchase in another currency is not counted: give its rate in Settings ▸ Currency.</numerusform>
        <numerusform>%n purchases in another currency are not counted: give its rate in Settings ▸ Currency.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n customer</numerusform>
        <numerusform>%n customers</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>BulkFollowUpDialog</name>
    <message numerus="yes">
      <source>Creates one follow-up for each of the %n customer(s).</source>
      <translation>
        <numerusform>Creates one follow-up for each of the %n customer.</numerusform>
        <numerusform>Creates one follow-up for each of the %n customers.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Create %n follow-up(s), one for each customer in this list?</source>
      <translation>
        <numerusform>Create %n follow-up, one for each customer in this list?</numerusform>
        <numerusform>Create %n follow-ups, one for each customer in this list?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Created %n follow-up(s).</source>
      <translation>
        <numerusform>Created %n follow-up.</numerusform>
        <numerusform>Created %n follow-ups.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) already had this follow-up.</source>
      <translation>
        <numerusform>%n customer already had this follow-up.</numerusform>
        <numerusform>%n customers already had this follow-up.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CustomerDetailView</name>
    <message numerus="yes">
      <source>%n purchase(s), %1 in total; last on %2</source>
      <translation>
        <numerusform>%n purchase, %1 in total; last on %2</numerusform>
        <numerusform>%n purchases, %1 in total; last on %2</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CustomersPage</name>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n customer</numerusform>
        <numerusform>%n customers</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Their %n order(s) stay in your sales figures without a customer. If you import an export that contains this buyer again, they come back as a new customer.</source>
      <translation>
        <numerusform>Their %n order stays in your sales figures without a customer. If you import an export that contains this buyer again, they come back as a new customer.</numerusform>
        <numerusform>Their %n orders stay in your sales figures without a customer. If you import an export that contains this buyer again, they come back as a new customer.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Erased. %n order(s) were kept without personal data. Older backups may hold this customer until %1.</source>
      <translation>
        <numerusform>Erased. %n order was kept without personal data. Older backups may hold this customer until %1.</numerusform>
        <numerusform>Erased. %n orders were kept without personal data. Older backups may hold this customer until %1.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message numerus="yes">
      <source>%n purchase(s) in %1 are left out of every figure: no conversion rate is set. Give one in Settings ▸ Currency.</source>
      <translation>
        <numerusform>%n purchase in %1 is left out of every figure: no conversion rate is set. Give one in Settings ▸ Currency.</numerusform>
        <numerusform>%n purchases in %1 are left out of every figure: no conversion rate is set. Give one in Settings ▸ Currency.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n of them in this period.</source>
      <translation>
        <numerusform>%n of them in this period.</numerusform>
        <numerusform>%n of them in this period.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Paid minus refunded, purchases of the period (%n order(s)).</source>
      <translation>
        <numerusform>Paid minus refunded, purchases of the period (%n order).</numerusform>
        <numerusform>Paid minus refunded, purchases of the period (%n orders).</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>DuplicateTreeModel</name>
    <message numerus="yes">
      <source>Group of %n customers: %1</source>
      <translation>
        <numerusform>Group of %n customer: %1</numerusform>
        <numerusform>Group of %n customers: %1</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n suggested pairs</source>
      <translation>
        <numerusform>%n suggested pair</numerusform>
        <numerusform>%n suggested pairs</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>DuplicatesPage</name>
    <message numerus="yes">
      <source>%n pair(s) of customers may be one person.</source>
      <translation>
        <numerusform>%n pair of customers may be one person.</numerusform>
        <numerusform>%n pairs of customers may be one person.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Left out %n value(s) shared by too many customers (a shop's own phone, a common name).</source>
      <translation>
        <numerusform>Left out %n value shared by too many customers (a shop's own phone, a common name).</numerusform>
        <numerusform>Left out %n values shared by too many customers (a shop's own phone, a common name).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n row(s) deleted since the merge stay deleted.</source>
      <translation>
        <numerusform>%n row deleted since the merge stays deleted.</numerusform>
        <numerusform>%n rows deleted since the merge stay deleted.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>EncryptionPage</name>
    <message numerus="yes">
      <source>%n earlier backup(s) were encrypted too.</source>
      <translation>
        <numerusform>%n earlier backup was encrypted too.</numerusform>
        <numerusform>%n earlier backups were encrypted too.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n backup(s) could not be encrypted and can still be read without the passphrase: %1. Delete them if you do not need them.</source>
      <translation>
        <numerusform>%n backup could not be encrypted and can still be read without the passphrase: %1. Delete them if you do not need them.</numerusform>
        <numerusform>%n backups could not be encrypted and can still be read without the passphrase: %1. Delete them if you do not need them.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message numerus="yes">
      <source>%n customer(s) will be exported.</source>
      <translation>
        <numerusform>%n customer will be exported.</numerusform>
        <numerusform>%n customers will be exported.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Exported %n customer(s) to %1.</source>
      <translation>
        <numerusform>Exported %n customer to %1.</numerusform>
        <numerusform>Exported %n customers to %1.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>FeedbackPage</name>
    <message numerus="yes">
      <source>Marked %n feedback entry(ies) in progress.</source>
      <translation>
        <numerusform>Marked %n feedback entry in progress.</numerusform>
        <numerusform>Marked %n feedback entries in progress.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Resolved %n feedback entry(ies).</source>
      <translation>
        <numerusform>Resolved %n feedback entry.</numerusform>
        <numerusform>Resolved %n feedback entries.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Reopened %n feedback entry(ies).</source>
      <translation>
        <numerusform>Reopened %n feedback entry.</numerusform>
        <numerusform>Reopened %n feedback entries.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n selected entry(ies) were not open: left as they were.</source>
      <translation>
        <numerusform>%n selected entry was not open: left as it was.</numerusform>
        <numerusform>%n selected entries were not open: left as they were.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n selected entry(ies) were already resolved: left as they were.</source>
      <translation>
        <numerusform>%n selected entry was already resolved: left as it was.</numerusform>
        <numerusform>%n selected entries were already resolved: left as they were.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n selected entry(ies) were not resolved: left as they were.</source>
      <translation>
        <numerusform>%n selected entry was not resolved: left as it was.</numerusform>
        <numerusform>%n selected entries were not resolved: left as they were.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Delete %n feedback entry(ies)?</source>
      <translation>
        <numerusform>Delete %n feedback entry?</numerusform>
        <numerusform>Delete %n feedback entries?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Deleted %n feedback entry(ies).</source>
      <translation>
        <numerusform>Deleted %n feedback entry.</numerusform>
        <numerusform>Deleted %n feedback entries.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>FileErrorCounts</name>
    <message numerus="yes">
      <source>no known export header (Taobao, 千牛, JD, Pinduoduo, Douyin, Shopify, WooCommerce, Etsy, eBay) in the first %1 rows of %n sheet(s): choose the platform or map the columns</source>
      <translation>
        <numerusform>no known export header (Taobao, 千牛, JD, Pinduoduo, Douyin, Shopify, WooCommerce, Etsy, eBay) in the first %1 rows of %n sheet: choose the platform or map the columns</numerusform>
        <numerusform>no known export header (Taobao, 千牛, JD, Pinduoduo, Douyin, Shopify, WooCommerce, Etsy, eBay) in the first %1 rows of %n sheets: choose the platform or map the columns</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>FollowUpActions</name>
    <message numerus="yes">
      <source>Marked %n follow-up(s) done.</source>
      <translation>
        <numerusform>Marked %n follow-up done.</numerusform>
        <numerusform>Marked %n follow-ups done.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n next occurrence(s) created.</source>
      <translation>
        <numerusform>%n next occurrence created.</numerusform>
        <numerusform>%n next occurrences created.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>No next occurrence for %n repeating follow-up(s): there is no date after 9999-12-31.</source>
      <translation>
        <numerusform>No next occurrence for %n repeating follow-up: there is no date after 9999-12-31.</numerusform>
        <numerusform>No next occurrence for %n repeating follow-ups: there is no date after 9999-12-31.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Snoozed %n follow-up(s) until %1.</source>
      <translation>
        <numerusform>Snoozed %n follow-up until %1.</numerusform>
        <numerusform>Snoozed %n follow-ups until %1.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Cancel %n follow-up(s)?</source>
      <translation>
        <numerusform>Cancel %n follow-up?</numerusform>
        <numerusform>Cancel %n follow-ups?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Cancelled %n follow-up(s).</source>
      <translation>
        <numerusform>Cancelled %n follow-up.</numerusform>
        <numerusform>Cancelled %n follow-ups.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Reopened %n follow-up(s).</source>
      <translation>
        <numerusform>Reopened %n follow-up.</numerusform>
        <numerusform>Reopened %n follow-ups.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n win-back(s) not reopened: one customer has one win-back open at a time.</source>
      <translation>
        <numerusform>%n win-back not reopened: one customer has one win-back open at a time.</numerusform>
        <numerusform>%n win-backs not reopened: one customer has one win-back open at a time.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>FollowUpsPage</name>
    <message numerus="yes">
      <source>%n follow-up(s)</source>
      <translation>
        <numerusform>%n follow-up</numerusform>
        <numerusform>%n follow-ups</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ImportController</name>
    <message numerus="yes">
      <source>%n order(s) it added are removed.</source>
      <translation>
        <numerusform>%n order it added is removed.</numerusform>
        <numerusform>%n orders it added are removed.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n order(s) it changed are put back as they were.</source>
      <translation>
        <numerusform>%n order it changed is put back as it was.</numerusform>
        <numerusform>%n orders it changed are put back as they were.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) it changed are put back as they were.</source>
      <translation>
        <numerusform>%n customer it changed is put back as it was.</numerusform>
        <numerusform>%n customers it changed are put back as they were.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n tag(s) it gave to customers are taken off.</source>
      <translation>
        <numerusform>%n tag it gave to customers is taken off.</numerusform>
        <numerusform>%n tags it gave to customers are taken off.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) it created are removed.</source>
      <translation>
        <numerusform>%n customer it created is removed.</numerusform>
        <numerusform>%n customers it created are removed.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n feedback entry(ies)</source>
      <translation>
        <numerusform>%n feedback entry</numerusform>
        <numerusform>%n feedback entries</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n follow-up(s)</source>
      <translation>
        <numerusform>%n follow-up</numerusform>
        <numerusform>%n follow-ups</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n points change(s)</source>
      <translation>
        <numerusform>%n points change</numerusform>
        <numerusform>%n points changes</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n note(s)</source>
      <translation>
        <numerusform>%n note</numerusform>
        <numerusform>%n notes</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n tag(s)</source>
      <translation>
        <numerusform>%n tag</numerusform>
        <numerusform>%n tags</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) it created are removed, with what you added to them since: %1.</source>
      <translation>
        <numerusform>%n customer it created is removed, with what you added to them since: %1.</numerusform>
        <numerusform>%n customers it created are removed, with what you added to them since: %1.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n order(s) removed</source>
      <translation>
        <numerusform>%n order removed</numerusform>
        <numerusform>%n orders removed</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n put back</source>
      <translation>
        <numerusform>%n put back</numerusform>
        <numerusform>%n put back</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n customer(s) removed</source>
      <translation>
        <numerusform>%n customer removed</numerusform>
        <numerusform>%n customers removed</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message numerus="yes">
      <source>Reading %n file(s)…</source>
      <translation>
        <numerusform>Reading %n file…</numerusform>
        <numerusform>Reading %n files…</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Checking %n file(s) in turn…</source>
      <translation>
        <numerusform>Checking %n file in turn…</numerusform>
        <numerusform>Checking %n files in turn…</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>… and %n more note(s)</source>
      <translation>
        <numerusform>… and %n more note</numerusform>
        <numerusform>… and %n more notes</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Stopped by an error after %n file(s) were imported.</source>
      <translation>
        <numerusform>Stopped by an error after %n file was imported.</numerusform>
        <numerusform>Stopped by an error after %n files were imported.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Cancelled after %n file(s) were imported.</source>
      <translation>
        <numerusform>Cancelled after %n file was imported.</numerusform>
        <numerusform>Cancelled after %n files were imported.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>LoyaltyPlurals</name>
    <message numerus="yes">
      <source>%n point(s)</source>
      <translation>
        <numerusform>%n point</numerusform>
        <numerusform>%n points</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n earlier entry(ies) not shown; the figures above include them.</source>
      <translation>
        <numerusform>%n earlier entry not shown; the figures above include them.</numerusform>
        <numerusform>%n earlier entries not shown; the figures above include them.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message numerus="yes">
      <source>%n follow-up(s) are due</source>
      <translation>
        <numerusform>%n follow-up is due</numerusform>
        <numerusform>%n follow-ups are due</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MembersPage</name>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n customer</numerusform>
        <numerusform>%n customers</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MergeDialog</name>
    <message numerus="yes">
      <source>%n order(s), %1 paid</source>
      <translation>
        <numerusform>%n order, %1 paid</numerusform>
        <numerusform>%n orders, %1 paid</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Together: %n order(s), %1 paid.</source>
      <translation>
        <numerusform>Together: %n order, %1 paid.</numerusform>
        <numerusform>Together: %n orders, %1 paid.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>OrdersPage</name>
    <message numerus="yes">
      <source>%n order(s)</source>
      <translation>
        <numerusform>%n order</numerusform>
        <numerusform>%n orders</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>PluralWords</name>
    <message numerus="yes">
      <source>no purchase for %n day(s)</source>
      <translation>
        <numerusform>no purchase for %n day</numerusform>
        <numerusform>no purchase for %n days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>no purchase for %n day(s); %1</source>
      <translation>
        <numerusform>no purchase for %n day; %1</numerusform>
        <numerusform>no purchase for %n days; %1</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>order %1 completed %n day(s) ago</source>
      <translation>
        <numerusform>order %1 completed %n day ago</numerusform>
        <numerusform>order %1 completed %n days ago</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>PointsView</name>
    <message numerus="yes">
      <source>Referred %n customer(s).</source>
      <translation>
        <numerusform>Referred %n customer.</numerusform>
        <numerusform>Referred %n customers.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RetentionDialog</name>
    <message numerus="yes">
      <source>%n customer(s) with no activity for %1 months and no open follow-up or feedback. Erase the selected ones?</source>
      <translation>
        <numerusform>%n customer with no activity for %1 months and no open follow-up or feedback. Erase the selected ones?</numerusform>
        <numerusform>%n customers with no activity for %1 months and no open follow-up or feedback. Erase the selected ones?</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SaveSegmentDialog</name>
    <message numerus="yes">
      <source>%n customer(s) match now. A segment is evaluated afresh each time.</source>
      <translation>
        <numerusform>%n customer matches now. A segment is evaluated afresh each time.</numerusform>
        <numerusform>%n customers match now. A segment is evaluated afresh each time.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TodayModel</name>
    <message numerus="yes">
      <source>(%n day(s) late)</source>
      <translation>
        <numerusform>(%n day late)</numerusform>
        <numerusform>(%n days late)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>UncountedNote</name>
    <message numerus="yes">
      <source>%n purchase(s) in %1 not counted: no conversion rate is set (Settings ▸ Currency).</source>
      <translation>
        <numerusform>%n purchase in %1 not counted: no conversion rate is set (Settings ▸ Currency).</numerusform>
        <numerusform>%n purchases in %1 not counted: no conversion rate is set (Settings ▸ Currency).</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>_IdsDialog</name>
    <message numerus="yes">
      <source>%n follow-up(s)</source>
      <translation>
        <numerusform>%n follow-up</numerusform>
        <numerusform>%n follow-ups</numerusform>
      </translation>
    </message>
  </context>
</TS>