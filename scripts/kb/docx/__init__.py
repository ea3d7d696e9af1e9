"""Word (.docx) in 公文 layout, from the one layout profile data/vocab/layout.yml.

profile  reads the profile into lengths Word understands (twips, half-points)
template builds the template .docx with python-docx: styles, page, footer page number, fonts
fill     writes paragraphs into the template (the Python twin of docs/assets/js/docx-writer.js)
package  byte-stable zips, the report files of the site and the template for the browser
"""
