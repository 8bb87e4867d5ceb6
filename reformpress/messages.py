"""Every message the tool shows editors, in Chinese and English, and the words pages show beside their templates' (:data:`LABELS`, Chinese).

One entry per problem code: (what is wrong, how to fix it).  Chinese is the
default; a site whose ``language`` starts with ``en`` gets the English texts.
Placeholders in ``{braces}`` are filled from the problem's parameters.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    # --- reading files -------------------------------------------------
    "file-missing": {
        "zh": ("找不到文件 {name}", "请在站点根目录创建 {name}（可用 reformpress init 生成）"),
        "en": ("file {name} not found", "create {name} in the site root (reformpress init makes one)"),
    },
    "not-utf8": {
        "zh": ("文件不是 UTF-8 编码（看起来是 {guess}）", "请用记事本或 VS Code“另存为”UTF-8 编码后再构建"),
        "en": ("the file is not UTF-8 (it looks like {guess})", "save it again as UTF-8 (Notepad or VS Code: Save As → UTF-8)"),
    },
    "binary-file": {
        "zh": ("这不是文本文件（含有二进制内容）", "案例文件必须是 .md 或 .yaml 文本；图片请放进 images/ 文件夹"),
        "en": ("this is not a text file (it holds binary data)", "case files must be .md or .yaml text; put pictures in images/"),
    },
    "file-too-large": {
        "zh": ("文件过大（{size} 字节，上限 {limit} 字节）", "请检查是否误粘贴了大量内容，或拆分为多篇稿件"),
        "en": ("the file is too large ({size} bytes, limit {limit})", "check for pasted junk, or split it into several articles"),
    },
    "empty-file": {
        "zh": ("文件是空的", "请填写内容，或用 reformpress new 生成模板；不需要的文件请删除"),
        "en": ("the file is empty", "fill it in, or make a scaffold with reformpress new; delete it if unused"),
    },
    "outside-content": {
        "zh": ("{name} 指向 content/ 之外", "请把文件放在 content/ 里，不要使用指向外部的链接（符号链接）"),
        "en": ("{name} points outside content/", "keep files inside content/ and do not use links pointing elsewhere"),
    },
    "stray-file": {
        "zh": ("无法识别的文件 {name}", "案例文件名应为“编号-英文名.md”（如 16-gutian.md）或 .yaml；其他文件请移到 images/ 或删除"),
        "en": ("unrecognised file {name}", "case files are named NN-slug.md (e.g. 16-gutian.md) or .yaml; move other files to images/ or delete them"),
    },
    "no-front-matter": {
        "zh": ("缺少开头的 --- 信息区（front matter）", "文件第一行写 ---，接着写 title: 等信息，再用一行 --- 结束"),
        "en": ("the --- front matter block is missing", "start the file with a line ---, then title: etc., then a closing ---"),
    },
    "unclosed-front-matter": {
        "zh": ("开头的 --- 信息区没有结束", "在信息区最后一项之后加一行 ---"),
        "en": ("the --- front matter block is never closed", "add a line --- after the last front matter entry"),
    },
    "yaml-syntax": {
        "zh": ("YAML 格式错误：{detail}", "检查这一行的冒号、缩进和引号；冒号后要有空格，含冒号的文字请加引号"),
        "en": ("YAML syntax error: {detail}", "check colons, indentation and quotes on this line; put a space after colons and quote text that contains one"),
    },
    "yaml-wide-colon": {
        "zh": ("这一行用了全角冒号“：”", "请改成半角冒号“:”并在后面加一个空格"),
        "en": ("this line uses a full-width colon '：'", "write an ASCII colon ':' followed by a space"),
    },
    "yaml-wide-space": {
        "zh": ("这一行冒号后面是全角空格", "请把全角空格改成半角空格（冒号“:”后面加一个普通空格）"),
        "en": ("this line has a full-width space after the colon", "use an ordinary space after the colon ':'"),
    },
    "yaml-duplicate-key": {
        "zh": ("“{key}”写了两次（上一次在第 {first} 行）", "删掉其中一处，只保留一个"),
        "en": ("'{key}' is given twice (first on line {first})", "delete one of them"),
    },
    "yaml-alias": {
        "zh": ("不支持 YAML 锚点和引用（& 和 *）", "请把内容直接写出来，不要使用 & 或 *"),
        "en": ("YAML anchors and aliases (& and *) are not supported", "write the values out in full"),
    },
    "yaml-tag": {
        "zh": ("不支持 YAML 标签 {tag}", "请删除以 ! 开头的标签，只写普通文字、数字和列表"),
        "en": ("the YAML tag {tag} is not allowed", "remove tags starting with !; write plain text, numbers and lists"),
    },
    "yaml-not-mapping": {
        "zh": ("信息区应是“键: 值”的列表，现在是{found}", "每行写成“title: 标题”这样的形式"),
        "en": ("the front matter must be 'key: value' entries, not {found}", "write one 'title: ...' entry per line"),
    },
    # --- schema --------------------------------------------------------
    "unknown-key": {
        "zh": ("不认识的字段“{key}”", "可用字段有：{allowed}"),
        "en": ("unknown field '{key}'", "allowed fields: {allowed}"),
    },
    "unknown-key-close": {
        "zh": ("不认识的字段“{key}”，是不是“{close}”？", "改为 {close}；可用字段有：{allowed}"),
        "en": ("unknown field '{key}'; did you mean '{close}'?", "write {close}; allowed fields: {allowed}"),
    },
    "missing-key": {
        "zh": ("缺少必填字段“{key}”（{label}）", "请添加一行 {key}: …"),
        "en": ("required field '{key}' ({label}) is missing", "add a line {key}: ..."),
    },
    "blank-key": {
        "zh": ("必填字段“{key}”（{label}）只有空格", "请在 {key}: 后面写上内容"),
        "en": ("required field '{key}' ({label}) holds only spaces", "write a value after {key}:"),
    },
    "wrong-type": {
        "zh": ("字段“{key}”应为{expected}，现在是{found}", "{example}"),
        "en": ("field '{key}' must be {expected}, not {found}", "{example}"),
    },
    "bad-value": {
        "zh": ("字段“{key}”的值“{value}”不合要求：{why}", "{example}"),
        "en": ("field '{key}' has a bad value '{value}': {why}", "{example}"),
    },
    "bad-date": {
        "zh": ("日期“{value}”格式不对", "请写成 YYYY-MM-DD HH:MM，例如 2022-10-26 15:47"),
        "en": ("the date '{value}' is not in the right form", "write YYYY-MM-DD HH:MM, for example 2022-10-26 15:47"),
    },
    "markdown-too-deep": {
        "zh": ("这一段嵌套过深（列表、引用、缩进或 markdown=1 的 div 超过 {limit} 层），无法处理", "请减少嵌套层数：检查是否误粘贴了大量“- ”“1. ”“> ”、行首空格或未闭合的 <div>"),
        "en": ("this block nests too deep (lists, quotes, indentation or markdown=1 divs beyond {limit} levels) to be rendered", "nest less: look for pasted runs of '- ', '1. ', '> ', leading spaces or unclosed <div>"),
    },
    "markdown-too-many-brackets": {
        "zh": ("这一段无法处理：有超过 {limit} 个未闭合的 [ 或 (", "请检查这一段是否误粘贴了大量方括号或圆括号；链接应写成 [文字](网址)"),
        "en": ("this paragraph cannot be rendered: it holds more than {limit} unclosed [ or (", "look for pasted runs of brackets or parentheses; a link is written [text](url)"),
    },
    "implausible-year": {
        "zh": ("年份 {year} 不合理（发布年份应在 {first} 到 {last} 年之间）", "请写真实的发布时间，例如 2022-10-26 15:47；暂不发布的稿件请写 draft: true"),
        "en": ("the year {year} is not plausible (a report is dated {first} to {last})", "write the real publication date, e.g. 2022-10-26 15:47; to hold a report back write draft: true"),
    },
    "implausible-year-close": {
        "zh": ("年份 {year} 不合理，是不是 {close}？", "改为 {close}（发布年份应在 {first} 到 {last} 年之间）"),
        "en": ("the year {year} is not plausible; did you mean {close}?", "write {close} (a report is dated {first} to {last})"),
    },
    "unknown-region": {
        "zh": ("地区“{name}”不在 site.yaml 的 regions 列表中", "请改用已有地区名：{allowed}；新地区需先在 site.yaml 的 regions 中添加"),
        "en": ("region '{name}' is not listed under regions in site.yaml", "use one of: {allowed}; add new regions to site.yaml first"),
    },
    "leading-zero": {
        "zh": ("{key} 写成了“{typed}”：以 0 开头的数字会被读错（如 016 会被当成八进制的 14）", "请去掉前面的 0，写成 {key}: {fixed}"),
        "en": ("{key} is written '{typed}': a number starting with 0 is misread (016 would be octal 14)", "drop the leading zeros: {key}: {fixed}"),
    },
    "personal-id-number": {
        "zh": ("稿件中有居民身份证号（{masked}），发布后任何人都能看到", "发布前删除或打码（只留前后几位，如 {masked}）；确需公开的，把这个号码写进 site.yaml 的 personal_allowed 列表"),
        "en": ("the report holds a resident ID number ({masked}) that anyone could read once published", "remove or mask it before publishing (keep a few digits, as in {masked}); to publish it on purpose, list it under personal_allowed in site.yaml"),
    },
    "personal-mobile": {
        "zh": ("稿件中有手机号码（{masked}），发布后任何人都能看到", "发布前删除，或改写为单位的办公电话；确需公开的（如服务热线），把这个号码写进 site.yaml 的 personal_allowed 列表"),
        "en": ("the report holds a mobile number ({masked}) that anyone could read once published", "remove it, or give the office's landline instead; to publish it on purpose (a service line), list it under personal_allowed in site.yaml"),
    },
    "personal-bank-card": {
        "zh": ("稿件中有银行卡号（{masked}），发布后任何人都能看到", "发布前删除或打码；确需公开的（如捐款账号），把这个号码写进 site.yaml 的 personal_allowed 列表"),
        "en": ("the report holds a bank card number ({masked}) that anyone could read once published", "remove or mask it before publishing; to publish it on purpose (a donation account), list it under personal_allowed in site.yaml"),
    },
    "review-form": {
        "zh": ("审核记录“{stage}: {value}”看不懂", "写成“{stage}: 姓名 日期”，如 {stage}: 张三 2022-10-25 09:00；尚未审核的环节留空"),
        "en": ("the sign-off '{stage}: {value}' cannot be read", "write '{stage}: name date', e.g. {stage}: Zhang San 2022-10-25 09:00; leave a stage not yet signed empty"),
    },
    "review-in-future": {
        "zh": ("“{stage}”的审核日期 {date} 还没有到", "填写实际审核的日期；尚未审核的环节留空"),
        "en": ("the sign-off date of '{stage}', {date}, is in the future", "give the date it was actually signed; leave a stage not yet signed empty"),
    },
    "review-after-publication": {
        "zh": ("“{stage}”的审核日期 {date} 晚于发布时间 {published}（先审后发）", "核实审核日期和发布时间：稿件须在发布前审完"),
        "en": ("the sign-off of '{stage}' ({date}) is later than the publication date {published} (review comes first)", "check both dates: a report is reviewed before it is published"),
    },
    "empty-image-src": {
        "zh": ("这里有一张图片没有写地址（括号里是空的）", "在括号里写上图片文件名，如 ![现场照片](images/xianchang.jpg)；不要这张图片就删去这一处"),
        "en": ("an image here has no address (its brackets are empty)", "write the picture's file name in the brackets, e.g. ![On site](images/site.jpg), or remove the image"),
    },
    "joined-names": {
        "zh": ("“{name}”是用“{mark}”连起来的几个地区名，会被当成一个名称", "列表里的名称之间请用半角逗号加空格分开：[{fixed}]"),
        "en": ("'{name}' is several region names joined by '{mark}', read as one name", "separate the names in the list with a plain comma and a space: [{fixed}]"),
    },
    "unknown-region-close": {
        "zh": ("地区“{name}”不在 site.yaml 的 regions 列表中，是不是“{close}”？", "改为 {close}；新地区需先在 site.yaml 的 regions 中添加"),
        "en": ("region '{name}' is not listed in site.yaml; did you mean '{close}'?", "write {close}; add new regions to site.yaml first"),
    },
    "bad-slug": {
        "zh": ("网址名“{slug}”不可用", "只能用小写英文字母、数字和连字符 -，例如 gutian-sixia"),
        "en": ("the slug '{slug}' cannot be used", "use lowercase letters, digits and hyphens only, e.g. gutian-sixia"),
    },
    "number-mismatch": {
        "zh": ("编号 {number} 与文件名中的编号 {file_number} 不一致", "把 number 改为 {file_number}，或把文件改名为 {number:0>2}-….md"),
        "en": ("number {number} does not match {file_number} in the file name", "set number to {file_number} or rename the file to {number:0>2}-....md"),
    },
    "duplicate-number": {
        "zh": ("编号 {number} 已被 {other} 使用", "同一系列中每篇的编号必须不同，请改用未使用的编号"),
        "en": ("number {number} is already used by {other}", "each article in a series needs its own number"),
    },
    "duplicate-url": {
        "zh": ("网址 {url} 与 {other} 重复", "请在信息区写一个不同的 slug: …"),
        "en": ("the URL {url} is also used by {other}", "give one of them a different slug: ..."),
    },
    "reserved-slug": {
        "zh": ("系列文件夹名“{slug}”与网站自用的网址 {url} 冲突", "请给文件夹换个名字（如 {slug}-series）；这些名字留给网站自用：{reserved}"),
        "en": ("the series folder name '{slug}' clashes with the site's own URL {url}", "rename the folder (e.g. {slug}-series); these names are the site's own: {reserved}"),
    },
    "tag-slug-clash": {
        "zh": ("标签“{name}”的网址 {url} 与标签“{other}”（{where}）相同", "两个标签会被并成一页：如果是同一个意思，请统一写成“{other}”；否则请改用不会混淆的名称"),
        "en": ("the tag '{name}' has the same URL {url} as the tag '{other}' ({where})", "they would merge into one page: write '{other}' if they mean the same, else choose a distinct name"),
    },
    "no-series-file": {
        "zh": ("系列文件夹 {name} 缺少 _series.yaml", "在该文件夹中创建 _series.yaml，至少写上 title:"),
        "en": ("series folder {name} has no _series.yaml", "create _series.yaml in it with at least a title:"),
    },
    "no-series": {
        "zh": ("content/ 中没有任何系列", "在 content/ 下建一个文件夹（如 content/reform/），放入 _series.yaml 和案例文件"),
        "en": ("content/ holds no series", "make a folder such as content/reform/ with a _series.yaml and case files"),
    },
    # --- sections ------------------------------------------------------
    "text-before-section": {
        "zh": ("正文开头有文字不在任何栏目标题下", "在这段文字前加上栏目标题，例如“## 引言”"),
        "en": ("text at the start of the body is not under any section heading", "put a section heading such as '## Introduction' before it"),
    },
    "unknown-section": {
        "zh": ("不认识的栏目标题“{heading}”", "二级标题（##）只能是：{allowed}；小标题请用 ###"),
        "en": ("unknown section heading '{heading}'", "level-2 headings (##) must be one of: {allowed}; use ### for sub-headings"),
    },
    "unknown-section-close": {
        "zh": ("不认识的栏目标题“{heading}”，是不是“{close}”？", "改为“## {close}”；小标题请用 ###"),
        "en": ("unknown section heading '{heading}'; did you mean '{close}'?", "write '## {close}'; use ### for sub-headings"),
    },
    "duplicate-section": {
        "zh": ("栏目“{heading}”出现了两次（上一次在第 {first} 行）", "把两处内容合并到一个标题下"),
        "en": ("section '{heading}' appears twice (first on line {first})", "merge both parts under one heading"),
    },
    "reserved-name": {
        "zh": ("“{name}”是 Windows 保留给设备的名称，这个文件或文件夹在 Windows 上无法打开、复制或删除", "请改一个名字，如 {fixed}"),
        "en": ("'{name}' is a name Windows keeps for devices: it cannot be opened, copied or deleted there", "rename it, e.g. {fixed}"),
    },
    "name-collision": {
        "zh": ("“{name}”和同一文件夹里的“{other}”只是大小写（或字符编码）不同，在 Windows 和 macOS 上是同一个文件，复制时会互相覆盖", "请把其中一个改名"),
        "en": ("'{name}' and '{other}' in the same folder differ only in case (or Unicode form): on Windows and macOS they are one file", "rename one of them"),
    },
    "heading-like-line": {
        "zh": ("这一行像是栏目标题“{heading}”，但没有写成栏目标题", "写成 `## {heading}`（两个半角 # 加一个空格，独占一行）"),
        "en": ("this line looks like the section heading '{heading}' but is not written as one", "write `## {heading}` (two # and a space, on a line of its own)"),
    },
    "missing-section": {
        "zh": ("缺少必备栏目“{heading}”", "请添加“## {heading}”及其内容"),
        "en": ("the required section '{heading}' is missing", "add '## {heading}' with its text"),
    },
    "unclosed-fence": {
        "zh": ("这一行的 {marker} 开始了一段代码，但后面没有结束它的 {marker}，之后的标题和正文都被当成了代码", "如果这是误输入，删掉这一行；如果确实要放代码，在代码结束处另起一行写 {marker}"),
        "en": ("the {marker} on this line starts a code block that is never closed, so every heading and paragraph after it counts as code", "delete the line if it is a slip; otherwise close the code with a line of {marker}"),
    },
    "empty-section": {
        "zh": ("栏目“{heading}”没有内容", "这是必备栏目，请在标题下填写内容（把“【待填写】”提示行换成正文）"),
        "en": ("section '{heading}' is empty", "it is required: write its text under the heading (replace any '[to fill in]' hint line)"),
    },
    "section-order": {
        "zh": ("栏目“{heading}”的位置不对", "栏目顺序应为：{order}（页面会按此顺序显示）"),
        "en": ("section '{heading}' is out of order", "sections go in this order: {order} (pages show them so)"),
    },
    "sections-in-md": {
        "zh": ("Markdown 案例文件不能在信息区写 sections", "把各栏目写在正文中，用“## 栏目标题”分开"),
        "en": ("a Markdown case file cannot have sections in its front matter", "write the sections in the body under '## heading' lines"),
    },
    "unknown-section-key": {
        "zh": ("sections 中不认识的栏目“{key}”", "可用的栏目键有：{allowed}"),
        "en": ("unknown section key '{key}' under sections", "allowed keys: {allowed}"),
    },
    # --- images and links ----------------------------------------------
    "missing-image": {
        "zh": ("找不到图片 {src}", "请把图片放到 {expected}，或改正文件名（注意大小写和扩展名）"),
        "en": ("image {src} not found", "put the image at {expected} or correct the name (case and extension matter)"),
    },
    "image-name-case": {
        "zh": ("找不到图片 {src}：文件夹里的是 {found}，只是大小写不同", "把文中的文件名改为 {found}（网站服务器区分大小写，Windows 上能显示的图片发布后会缺失）"),
        "en": ("image {src} not found: the folder holds {found}, which differs in case only", "write {found} (web servers tell upper from lower case, Windows does not)"),
    },
    "bad-image": {
        "zh": ("图片 {src} 无法读取：{detail}", "请重新导出为 JPG 或 PNG 格式"),
        "en": ("image {src} cannot be read: {detail}", "export it again as JPG or PNG"),
    },
    "unsafe-svg": {
        "zh": ("SVG 图片 {src} 第 {svg_line} 行含有可执行的内容（{what}），发布后会在读者的浏览器里运行", "请删除脚本或导出为 PNG"),
        "en": ("SVG picture {src} holds code a browser would run at its line {svg_line} ({what})", "delete the script, or export the picture as PNG"),
    },
    "too-many-pixels": {
        "zh": ("图片 {src} 像素过多（{size}，上限 {limit} 百万像素），处理它会耗尽内存", "请缩小到 5000 像素宽以内后重新导出为 JPG 或 PNG"),
        "en": ("image {src} has too many pixels ({size}, limit {limit} megapixels) and would exhaust memory", "scale it down to at most 5000 px wide and export it again as JPG or PNG"),
    },
    "gov-mark-missing": {
        "zh": ("找不到党政机关网站标识图片 {src}", "把主管部门发放的标识图片放到站点文件夹的 {src}（与 site.yaml 相对），或改正 footer.gov_mark.image；本程序不附带这张图片"),
        "en": ("the government-site mark {src} is not there", "put the picture the issuing office gave you at {src} (beside site.yaml), or correct footer.gov_mark.image; reformpress ships no such picture"),
    },
    "gov-mark-path": {
        "zh": ("党政机关网站标识图片的路径 {src} 不可用", "把图片放进 site.yaml 旁的 images/ 文件夹，写成 footer.gov_mark.image: images/文件名.png（不能用 ..、绝对路径或网址：标识图片由本站提供）"),
        "en": ("the path {src} of the government-site mark is not allowed", "put the picture in images/ beside site.yaml and write footer.gov_mark.image: images/name.png (no .., absolute paths or web addresses: the site serves the picture itself)"),
    },
    "yaml-bool-in-list": {
        "zh": ("{key} 列表里的 {typed} 会被 YAML 读成“是/否”（布尔值），不是文字", "要写文字请加英文引号：{fixed}"),
        "en": ("in the {key} list, {typed} are read by YAML as yes/no values, not as text", "quote them to keep the words: {fixed}"),
    },
    "raw-image": {
        "zh": ("图片 {src} 用 HTML 的 <img> 写成，网站不会发布这张图片，页面上也找不到它", "请改写成 Markdown 图片：![图片说明]({src})"),
        "en": ("the picture {src} is written as an HTML <img>: it is neither published nor found by the page", "write it as a Markdown picture: ![what it shows]({src})"),
    },
    "image-name-space": {
        "zh": ("图片地址 {src} 里有空格", "网址中的空格会出错：请把图片文件改名为 {fixed}（不含空格），并把这里的地址改成 {fixed}"),
        "en": ("the picture address {src} holds a space", "spaces break web addresses: rename the file {fixed} and write {fixed} here"),
    },
    "input-vanished": {
        "zh": ("文件 {name} 在构建过程中被删除、移走或改动了", "请等文件保存或复制完毕，确认它是否还需要，再重新构建；原有网站未受影响"),
        "en": ("the file {name} was deleted, moved or changed while the site was being built", "wait until it is saved or copied, then build again; the published site was not touched"),
    },
    "unsafe-path": {
        "zh": ("路径 {src} 不安全（不能用 ..、绝对路径或网址外链图片）", "图片请放在案例文件旁的 images/ 文件夹中，写成 images/文件名.jpg"),
        "en": ("the path {src} is not allowed (no .., absolute paths or remote images)", "put images in images/ next to the case file and write images/name.jpg"),
    },
    # --- config --------------------------------------------------------
    "bad-base-url": {
        "zh": ("base_url“{value}”不是完整网址", "请写成 https://域名/ 的形式，例如 https://www.example.gov.cn/gg/"),
        "en": ("base_url '{value}' is not a full URL", "write it like https://www.example.gov.cn/gg/"),
    },
    "bad-timezone": {
        "zh": ("时区“{value}”不存在", "请写成 Asia/Shanghai 这样的时区名"),
        "en": ("unknown time zone '{value}'", "use a name such as Asia/Shanghai"),
    },
    "templates-missing": {
        "zh": ("找不到模板文件夹 {name}", "请从示例站点复制 templates/ 文件夹"),
        "en": ("template folder {name} not found", "copy templates/ from the example site"),
    },
    "template-error": {
        "zh": ("模板出错：{detail}", "请检查模板这一行的 {{% %}} 与 {{{{ }}}} 是否成对、变量名是否拼写正确"),
        "en": ("template error: {detail}", "check that {{% %}} and {{{{ }}}} pair up on this line and names are spelt right"),
    },
    "unsafe-html": {
        "zh": ("allow_html 不能放行“{name}”", "脚本、样式、事件属性（on…）和 style 属性始终会被移除；请删除这一项"),
        "en": ("allow_html cannot allow '{name}'", "scripts, styles, event attributes (on...) and style attributes are always removed; delete this entry"),
    },
    "write-failed": {
        "zh": ("写入输出目录失败：{detail}", "请检查磁盘空间和目录权限后重新构建；原有网站未受影响"),
        "en": ("writing the output failed: {detail}", "check free disk space and permissions, then build again; the previous site is unchanged"),
    },
    "search-tool-missing": {
        "zh": ("找不到建立搜索索引所需的 numpy", "请安装：python3 -m pip install numpy（或运行 bash scripts/setup.sh）后重新构建；原有网站未受影响"),
        "en": ("numpy, which the search index is made with, is not installed", "install it with python3 -m pip install numpy (or run bash scripts/setup.sh), then build again; the previous site is unchanged"),
    },
    "search-index-failed": {
        "zh": ("建立搜索索引失败：{detail}", "请根据上面的提示检查后重新构建；原有网站未受影响"),
        "en": ("building the search index failed: {detail}", "check the detail above and build again; the previous site is unchanged"),
    },
    "output-not-ours": {
        "zh": ("输出目录 {name} 已存在，且不是本工具生成的", "请换一个空目录作为输出，或手动确认后删除它；本工具不会清空它不认识的目录"),
        "en": ("the output folder {name} exists and was not made by reformpress", "choose an empty folder, or delete it yourself; reformpress never clears a folder it did not make"),
    },
    # --- editors' tools: new, check, import-docx, init, serve ----------
    "unknown-series": {
        "zh": ("没有名为“{name}”的系列", "可用的系列有：{allowed}；新系列请先在 content/ 下建文件夹并放入 _series.yaml"),
        "en": ("there is no series named '{name}'", "use one of: {allowed}; for a new series make a folder in content/ with a _series.yaml"),
    },
    "unknown-series-close": {
        "zh": ("没有名为“{name}”的系列，是不是“{close}”？", "改为 {close}；可用的系列有：{allowed}"),
        "en": ("there is no series named '{name}'; did you mean '{close}'?", "write {close}; series: {allowed}"),
    },
    "file-exists": {
        "zh": ("这个文件已经存在，不会覆盖", "请换一个编号或网址名（不写 --number 时自动取下一个空编号），或先把旧文件改名、移走"),
        "en": ("this file already exists and is not overwritten", "choose another number or slug (without --number the next free number is used), or move the old file first"),
    },
    "input-missing": {
        "zh": ("找不到文件 {name}", "请检查文件路径和文件名（可把文件拖进命令行窗口得到完整路径）"),
        "en": ("file {name} not found", "check the path and the file name (drag the file into the terminal to get its full path)"),
    },
    "docx-too-large": {
        "zh": ("这份 Word 文件转换后约有 {size} 字节，超过单篇稿件的上限 {limit} 字节（最长的稿件约 60 kB）", "请检查是否误粘贴了大量内容，或拆分为几份 Word 文件分别导入；没有写入任何文件"),
        "en": ("this Word file comes to about {size} bytes, more than an article may hold ({limit}; the longest are about 60 kB)", "check for pasted junk, or split it into several Word files; nothing was written"),
    },
    "docx-unreadable": {
        "zh": ("无法读取 Word 文件：{detail}", "请确认它是 .docx 文件（不是 .doc 或 .wps）：在 Word 或 WPS 中“另存为 Word 文档 (*.docx)”后再导入"),
        "en": ("the Word file cannot be read: {detail}", "make sure it is a .docx file (not .doc or .wps): Save As 'Word Document (*.docx)' and import again"),
    },
    "folder-not-empty": {
        "zh": ("文件夹 {name} 已存在且不是空的", "请换一个新的文件夹名；本命令不会覆盖已有文件"),
        "en": ("the folder {name} exists and is not empty", "choose a new folder name; this command never overwrites files"),
    },
    "port-busy": {
        "zh": ("无法在 {host}:{port} 上启动预览：{detail}", "端口可能已被占用，请用 --port 换一个，例如 --port 8001"),
        "en": ("cannot start the preview on {host}:{port}: {detail}", "the port may be in use; choose another with --port, e.g. --port 8001"),
    },
    "image-no-caption": {
        "zh": ("图片 {src} 没有说明文字", "写成 ![图片说明](图片路径 \"图注\")：说明文字供读屏软件朗读，也用作图注"),
        "en": ("image {src} has no description", "write ![what it shows](path \"caption\"): screen readers read it and it becomes the caption"),
    },
    "empty-optional-section": {
        "zh": ("栏目“{heading}”是空的，页面上不会显示", "请填写内容，或删除这个标题"),
        "en": ("section '{heading}' is empty and will not be shown", "write its text or delete the heading"),
    },
    "placeholder-left": {
        "zh": ("这里还是模板的提示文字：{text}", "把这一行换成正文；不需要的栏目连同标题一起删除"),
        "en": ("this is still the scaffold's hint: {text}", "replace the line with your text; delete sections you do not need, heading and all"),
    },
    "editor-missing": {
        "zh": ("没有填写责任编辑（editor）", "请写上责任编辑的姓名，如 editor: 林晓；政府网站的稿件须注明责任编辑"),
        "en": ("the responsible editor (editor) is not given", "add the editor's name, e.g. editor: Lin Xiao; government sites name the responsible editor of every report"),
    },
    "title-too-long": {
        "zh": ("标题有 {length} 个字，超过 {limit} 个字", "请精简标题：列表、搜索结果和分享卡片中过长的标题会被截断"),
        "en": ("the title has {length} characters, more than {limit}", "shorten it: lists, search results and share cards cut long titles"),
    },
    "case-broken-link": {
        "zh": ("链接 {href} 指向的页面不存在", "请改正链接；指向本站其他稿件请写成相对网址，例如 {example}"),
        "en": ("the link {href} points to a page that does not exist", "correct it; link to other reports with a relative URL such as {example}"),
    },
    "source-link": {
        "zh": ("链接 {href} 写的是稿件文件名，网页上打不开", "改为网页地址 {fix}"),
        "en": ("the link {href} names a case file, which does not work on the web", "write the page address {fix}"),
    },
    "root-link": {
        "zh": ("链接 {href} 以 / 开头，网站部署在子路径时会失效", "改为相对网址 {fix}"),
        "en": ("the link {href} starts with /, which breaks when the site lives under a sub-path", "write the relative URL {fix}"),
    },
    "wrong-term": {
        "zh": ("“{wrong}”不是规范写法，应为“{right}”", "改为“{right}”（规范用语见 site.yaml 的 terms）"),
        "en": ("'{wrong}' is not the approved form; write '{right}'", "write '{right}' (approved terms are listed under terms in site.yaml)"),
    },
    "import-unknown-heading": {
        "zh": ("Word 中的标题“{heading}”不是栏目名，已作为小标题保留", "如果它是一个栏目，请改为“## 栏目名”（栏目有：{allowed}）"),
        "en": ("the Word heading '{heading}' is not a section, kept as a sub-heading", "if it is a section, write '## heading' with one of: {allowed}"),
    },
    "import-preamble": {
        "zh": ("第一个栏目标题之前的 {count} 段文字已放入“{heading}”", "请核对这些文字是否属于“{heading}”，不属于的请移动或删除"),
        "en": ("{count} paragraph(s) before the first section heading were put under '{heading}'", "check that they belong there; move or delete the rest"),
    },
    "import-missing-section": {
        "zh": ("Word 文件中没有找到“{heading}”栏目，已留下待填写的标题", "请补写这一栏目的内容（必备栏目不填写将无法生成网站）"),
        "en": ("no '{heading}' section was found in the Word file; an empty heading was left", "write this section (the site cannot be built while a required section is empty)"),
    },
    "import-no-caption": {
        "zh": ("图片 {src} 没有找到图注", "请在 ![ ] 的方括号中写上图片说明"),
        "en": ("no caption was found for image {src}", "write what it shows between the [ ] of ![ ]"),
    },
    "import-no-metadata": {
        "zh": ("Word 文件中没有找到{label}", "请在信息区填写 {key}: …"),
        "en": ("no {label} was found in the Word file", "fill in {key}: ... in the front matter"),
    },
    "import-bad-image": {
        "zh": ("Word 中有一张图片（{kind}）不是网页能显示的格式，已跳过", "请在 Word 中把它另存为 JPG 或 PNG，放进 images/ 文件夹，再在正文中用 ![说明](images/文件名) 引用"),
        "en": ("a picture in the Word file ({kind}) cannot be shown on the web and was skipped", "save it as JPG or PNG into images/ and add it with ![what it shows](images/name)"),
    },
    "import-note": {
        "zh": ("Word 转换提示：{detail}", "请对照 Word 原文核对这篇稿件的格式"),
        "en": ("Word conversion note: {detail}", "compare the article with the Word original"),
    },
    "output-inside-content": {
        "zh": ("输出目录 {name} 不能位于内容或模板目录中，也不能是站点根目录", "请使用 output/ 或站点外的空目录"),
        "en": ("the output folder {name} must not be the site root or lie inside content or templates", "use output/ or an empty folder elsewhere"),
    },
    # --- the built site (check --links) -----------------------------------
    "broken-link": {
        "zh": ("链接 {href} 指向的 {target} 不存在", "请改正链接或模板；若指向稿件，确认它已发布（草稿和未来日期的稿件不会生成），再重新构建"),
        "en": ("the link {href} points at {target}, which does not exist", "correct the link or template; if it is an article, check it is published (drafts and future dates are left out), then build again"),
    },
    "broken-anchor": {
        "zh": ("链接 {href} 的锚点 #{anchor} 在 {target} 中找不到", "请改为该页面上存在的 id，或去掉 # 及其后的部分"),
        "en": ("the anchor #{anchor} of the link {href} is not in {target}", "use an id that the page has, or drop the # part"),
    },
    "link-escapes-base": {
        "zh": ("链接 {href} 跳出了网站所在路径 {base}", "站内链接请用相对地址或以 {base} 开头；部署到其他地址时用 build --base-url 重新构建"),
        "en": ("the link {href} leaves the site's path {base}", "link inside the site with relative URLs or URLs under {base}; build with --base-url for another address"),
    },
    "output-missing": {
        "zh": ("找不到已生成的网站 {name}", "请先运行 build 生成网站，或用 --output 指定网站所在目录"),
        "en": ("no built site at {name}", "run build first, or give the site's folder with --output"),
    },
}


def text_for(code: str, lang: str) -> tuple[str, str]:
    """The (what, fix) pair of a message code in the language nearest to ``lang``."""
    entry = MESSAGES[code]
    return entry["en"] if lang.lower().startswith("en") else entry["zh"]


# Words that stand inside messages (types of values), in both languages.
TERMS: dict[str, tuple[str, str]] = {
    "@text": ("文字", "text"),
    "@int": ("整数", "a whole number"),
    "@number": ("数字", "a number"),
    "@bool": ("true 或 false", "true or false"),
    "@texts": ("文字列表", "a list of texts"),
    "@mapping": ("“键: 值”表", "a 'key: value' mapping"),
    "@list": ("列表", "a list"),
    "@empty": ("空值", "empty"),
    "@date": ("日期", "a date"),
    "@not-an-image": ("无法识别的图片格式", "not a recognised image format"),
}


def term(value: str, lang: str) -> str:
    """Translate a ``@term`` placeholder value; other values pass through."""
    pair = TERMS.get(value)
    if pair is None:
        return value
    return pair[1] if lang.lower().startswith("en") else pair[0]


# Lines the commands print that are not problems (progress, summaries, the browser overlay).
NOTICES: dict[str, dict[str, str]] = {
    "new-created": {
        "zh": "已创建 {path}（第 {number} 篇）。请打开它，把每个“【待填写】”行换成正文，再运行 check 检查。",
        "en": "Created {path} (number {number}). Open it, replace every '[to fill in]' line with your text, then run check.",
    },
    "nothing-written": {
        "zh": "共发现 {errors} 个错误，没有创建或修改任何文件。",
        "en": "{errors} error(s) found; no file was created or changed.",
    },
    "up-to-date": {
        "zh": "网站已是最新：自上次生成以来，稿件、图片、模板和 site.yaml 都没有改动，output/ 的 {files} 个文件保持原样（检查用时 {seconds}s）。",
        "en": "The site is up to date: no case file, picture, template or site.yaml changed since the last build; the {files} files in output/ are left as they are (checked in {seconds}s).",
    },
    "check-clean": {"zh": "检查完毕：没有发现问题。", "en": "Check finished: no problems found."},
    "build-waiting": {
        "zh": "另一个生成正在写入 {output}，等它完成后再开始（同一个输出目录一次只生成一个）……",
        "en": "Another build is writing {output}; waiting for it to finish (one build at a time per output folder)…",
    },
    "picture-location": {
        "zh": "{path}: 这张照片含有拍摄地点（GPS 坐标），发布到网站的图片已去掉地点和相机信息；原图仍在 content/ 中",
        "en": "{path}: this photo holds where it was taken (GPS); the published picture has the location and camera data removed; the original stays in content/",
    },
    "review-waiting": {
        "zh": "{path}: 等待{stages}，审完后才发布（预览可加 --drafts）",
        "en": "{path}: waiting for {stages}; published once signed off (preview with --drafts)",
    },
    "review-waiting-optional": {
        "zh": "{path}: 尚未记录{stages}",
        "en": "{path}: no sign-off recorded yet for {stages}",
    },
    "scheduled": {
        "zh": "{path}: 发布时间 {date} 还没到，这篇稿件暂不发布；到时重新生成即发布（预览可加 --future）",
        "en": "{path}: dated {date}, later than now: held back until then, published by the first build after it (preview with --future)",
    },
    "check-summary": {
        "zh": "检查完毕：{errors} 个错误，{warnings} 个警告。",
        "en": "Check finished: {errors} error(s), {warnings} warning(s).",
    },
    "import-done": {
        "zh": "已导入 {path}：{sections} 个栏目、{images} 张图片；{notes} 处需要核对（见上）。",
        "en": "Imported {path}: {sections} section(s), {images} image(s); {notes} point(s) to review (above).",
    },
    "init-done": {
        "zh": "已在 {path} 创建新站点。预览：reformpress serve --root {path}；生成网站：reformpress build --root {path}",
        "en": "Created a new site in {path}. Preview: reformpress serve --root {path}; build: reformpress build --root {path}",
    },
    "serve-ready": {
        "zh": "预览地址：{url}  （修改稿件后浏览器会自动刷新；按 Ctrl+C 停止）",
        "en": "Preview at {url}  (the browser reloads when you edit; press Ctrl+C to stop)",
    },
    "serve-rebuilt": {"zh": "已重新生成：{articles} 篇稿件，用时 {seconds} 秒", "en": "Rebuilt: {articles} article(s) in {seconds} s"},
    "serve-failed": {
        "zh": "内容有错误，浏览器中会显示；预览中仍是上一次成功生成的网站。",
        "en": "The content has errors (shown in the browser); the preview keeps the last good site.",
    },
    "serve-failed-first": {
        "zh": "内容有错误，浏览器中会显示；还没有成功生成过网站，改正并保存后才有预览。",
        "en": "The content has errors (shown in the browser); no site has been built yet: fix them and save to see the preview.",
    },
    "serve-not-a-site": {
        "zh": "{path} 不是站点文件夹（没有 site.yaml）：请在站点文件夹中运行，或用 --root 指定站点文件夹；新建站点用 reformpress init",
        "en": "{path} is not a site folder (no site.yaml): run this in the site folder, or give it with --root; reformpress init makes a new site",
    },
    "edit-ready": {
        "zh": "稿件编辑台：{desk}\n预览：{preview}\n（在浏览器里写稿、保存后预览自动更新；按 Ctrl+C 停止）",
        "en": "Editing desk: {desk}\nPreview: {preview}\n(write in the browser; the preview follows each save; press Ctrl+C to stop)",
    },
    "edit-saved": {"zh": "编辑台已保存 {path}", "en": "The desk saved {path}"},
    "overlay-title": {"zh": "内容有错误，网站没有更新", "en": "The site was not rebuilt: the content has errors"},
    "overlay-hint": {
        "zh": "改正后保存文件，页面会自动刷新。下面是上一次成功生成的网站。",
        "en": "Fix the file and save it; this page reloads by itself. Below is the last good site.",
    },
}


def notice(code: str, lang: str, **params: object) -> str:
    """A command's non-problem output line in the site's language, placeholders filled."""
    entry = NOTICES[code]
    text = entry["en"] if lang.lower().startswith("en") else entry["zh"]
    return text.format(**params)


# Words the pages show that their templates do not hold: titles, breadcrumb steps, feed titles,
# meta descriptions, the QR code's accessible name.  Chinese only, as the templates are: a site's
# ``language`` chooses the messages and notices above, not the pages' words.
LABELS: dict[str, str] = {
    # page titles and breadcrumb steps
    "regions": "地区",
    "tags": "专题标签",
    "archive": "归档",
    "archive-year": "{year}年",
    "archive-month": "{month}月",
    "archive-year-month": "{year}年{month}月",
    "overview": "一览",
    "overview-title": "{series}一览",
    "print": "打印版",
    "print-title": "{series}（打印版）",
    "search": "搜索",
    "not-found": "页面未找到",
    "list-page": "{title}（第 {page} 页）",
    # the Atom feeds a page announces
    "feed-site": "{site} 全部稿件",
    "feed-region": "{region} 稿件",
    # meta descriptions of pages that have no text of their own
    "overview-description": "{series}：各篇关键数据与图表一览",
    "print-description": "{series}：全部稿件的打印版",
    "region-description": "{heading}的改革成果稿件，共 {total} 篇。",
    "tag-description": "标签“{heading}”下的改革成果稿件，共 {total} 篇。",
    "archive-description": "{heading}发布的改革成果稿件，共 {total} 篇。",
    # the share block
    "qr-code": "本页网址的二维码：{url}",
}


def label(code: str, **params: object) -> str:
    """A word or phrase the pages show (:data:`LABELS`), placeholders filled."""
    text = LABELS[code]
    return text.format(**params) if params else text
