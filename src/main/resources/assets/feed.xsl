<?xml version="1.0" encoding="UTF-8"?>
<!-- Showed an RSS or Atom feed as a readable page in a browser. Feeds no longer name it (browsers get an HTML page
     from Loa instead); it stays for the feed documents fetched and cached before, which still do. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom"
                exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <xsl:variable name="self" select="(rss/channel/atom:link[@rel='self'] | atom:feed/atom:link[@rel='self'])/@href"/>
    <html lang="vi">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (nguồn tin)</title>
        <style>
          body{font:17px/1.6 Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fffdf8}
          h1{font-size:1.8rem;line-height:1.25;color:#900}h2{font-size:1.15rem;margin:.2rem 0}
          a{color:#0b5394}.note{background:#f3ead9;border-radius:6px;padding:.8rem 1rem;font-family:system-ui,sans-serif;font-size:.95rem}
          code{background:#fff;padding:.1rem .3rem;border-radius:3px;word-break:break-all}
          ol{padding-left:1.2rem}li{margin:.9rem 0}time{color:#666;font-size:.9rem}p.summary{margin:.2rem 0;color:#444}
        </style>
      </head>
      <body>
        <main>
          <div class="note">
            <p><strong>Đây là một nguồn tin (feed).</strong> Trình đọc tin như Feedly, Inoreader hay NetNewsWire
              theo dõi nó và báo cho bạn mỗi khi có bài mới.</p>
            <p>Để theo dõi, sao chép địa chỉ này vào trình đọc tin của bạn: <code><xsl:value-of select="$self"/></code></p>
          </div>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="rss/channel/description | atom:feed/atom:subtitle"/></p>
          <ol>
            <xsl:for-each select="rss/channel/item">
              <li>
                <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
                <time><xsl:value-of select="pubDate"/></time>
              </li>
            </xsl:for-each>
            <xsl:for-each select="atom:feed/atom:entry">
              <li>
                <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
                <time><xsl:value-of select="atom:published"/></time>
                <p class="summary"><xsl:value-of select="atom:summary"/></p>
              </li>
            </xsl:for-each>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
