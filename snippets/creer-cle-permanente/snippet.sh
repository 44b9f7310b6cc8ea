# Une clé permanente pour un traitement automatique : ses droits sont ceux de
# policy.json (un seul bucket), sans jamais dépasser les vôtres, jusqu'à la date
# d'expiration (AAAA-MM-JJ). La clé secrète ne s'affiche qu'une fois : rangez-la
# aussitôt dans "Mes secrets".
mc admin accesskey create s3/ \
  --policy policy.json \
  --name "traitement-nocturne" \
  --description "Chaîne de production nocturne : lit et écrit dans un seul bucket" \
  --expiry "<date_d_expiration>"

# Vos clés d'accès et leur date d'expiration (« sts: false » : les clés permanentes)
mc admin accesskey ls s3/
